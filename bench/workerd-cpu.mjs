// CPU time of the workerd processes this Node process started.
//   cpuNs: the sum over their live threads of the scheduler's run time
//     (/proc/<pid>/task/<tid>/schedstat, first field, in ns): no tick quantisation, for short
//     samples of a long-lived process.
//   processCpuNs: utime+stime of /proc/<pid>/stat (clock ticks of 10 ms), which also counts
//     threads that have exited: for whole-process samples (cold start).
import { readFileSync, readdirSync } from 'node:fs';

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

const TICK_NS = 1e9 / 100;

/** Total CPU time of pids so far, in ns, exited threads included (10 ms resolution). */
export function processCpuNs(pids) {
  let t = 0;
  for (const p of pids) {
    const { f } = statFields(p);
    t += (+f[11] + +f[12]) * TICK_NS;
  }
  return t;
}

/** Total CPU time of pids' live threads so far, in ns. */
export function cpuNs(pids) {
  let t = 0;
  for (const p of pids) {
    for (const tid of readdirSync(`/proc/${p}/task`)) {
      try {
        t += +readFileSync(`/proc/${p}/task/${tid}/schedstat`, 'utf8').split(' ')[0];
      } catch { /* thread gone */ }
    }
  }
  return t;
}
