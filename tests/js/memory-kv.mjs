// An in-memory stand-in for the Workers KV binding (get/put/delete/list with
// prefix, cursor and limit; keys listed in order), for tests outside workerd.
export function memoryKv() {
  const m = new Map();
  return {
    m,
    async get(k) { return m.has(k) ? m.get(k).value : null; },
    async put(k, value, opts = {}) { m.set(k, { value, ...opts }); },
    async delete(k) { m.delete(k); },
    async list({ prefix = '', cursor, limit = 1000 } = {}) {
      const names = [...m.keys()].filter((k) => k.startsWith(prefix)).sort();
      const start = cursor ? Number(cursor) : 0;
      const page = names.slice(start, start + limit);
      const done = start + limit >= names.length;
      return { keys: page.map((name) => ({ name, metadata: m.get(name).metadata })), list_complete: done, ...(done ? {} : { cursor: String(start + limit) }) };
    },
  };
}
