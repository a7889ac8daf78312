/**
 * What every connection of the API starts with. No JIT compilation: it costs 0.3–4 s per call of a
 * statement whose estimated cost crosses `jit_above_cost` (reports, the outcome notice sweep), which
 * run in 30–170 ms without it, and a statement's compiled code is not kept between calls
 * (docs/performance.md). Benchmarks that run the API's statements on connections of their own use it too.
 */
export const CONNECTION_OPTIONS = '-c jit=off';
