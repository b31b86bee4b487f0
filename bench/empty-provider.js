// Stand-in for a provider module in the cold-start baseline of bench/compare.mjs: exports nothing.
export {};
