// CPU time of the workerd processes this Node process started, read from
// /proc/<pid>/stat (utime + stime, in clock ticks of USER_HZ = 100).
import { readFileSync, readdirSync } from 'node:fs';

const TICK_NS = 1e9 / 100;

function statFields(pid) {
  const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { comm: st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')), f: st.slice(st.lastIndexOf(')') + 2).split(' ') };
}

/** The pids of workerd processes whose parent is this process. */
export function workerdPids() {
  const pids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const { comm, f } = statFields(d);
      if (comm.startsWith('workerd') && +f[1] === process.pid) pids.push(d);
    } catch { /* process gone */ }
  }
  return pids;
}

/** Total CPU time of pids so far, in ns. */
export function cpuNs(pids) {
  let t = 0;
  for (const p of pids) {
    const { f } = statFields(p);
    t += (+f[11] + +f[12]) * TICK_NS;
  }
  return t;
}
