// The user's handlers: what counts as one, and how one is called. A handler is
// an object with a fetch method, or a class extending WorkerEntrypoint: the
// runtime's class, which the workerd entry hands over (setEntrypointClass).
// Where there is none (Node), a class whose prototype has a fetch method.
let Entrypoint;

export function setEntrypointClass(cls) {
  Entrypoint = cls;
}

function isEntrypointClass(h) {
  if (typeof h !== 'function') return false;
  return Entrypoint ? h.prototype instanceof Entrypoint : typeof h.prototype?.fetch === 'function';
}

export function isHandler(h) {
  return (typeof h === 'object' && h !== null && typeof h.fetch === 'function') || isEntrypointClass(h);
}

export function callHandler(handler, request, env, ctx) {
  if (isEntrypointClass(handler)) return new handler(ctx, env).fetch(request);
  return handler.fetch(request, env, ctx);
}

// The context a handler sees: the runtime's, plus props and auth.
export function handlerContext(ctx, props, auth) {
  if (!ctx) return { props, auth };
  try {
    ctx.props = props;
    if (auth != null) ctx.auth = auth;
    if (ctx.props === props) return ctx;
  } catch {
    // read-only on this runtime: wrap it below
  }
  return {
    waitUntil: (p) => ctx.waitUntil(p),
    passThroughOnException: () => ctx.passThroughOnException?.(),
    exports: ctx.exports,
    props,
    auth,
  };
}

// The core's headers added to a Response it did not build, each as its mode
// says (oc_http.h): 's' set, 'k' set unless present, 'a' add the values it lacks.
export function withHeaders(res, extra, modes) {
  const r = new Response(res.body, res);
  extra.forEach(([k, v], i) => {
    const mode = modes ? modes[i] : 's';
    if (mode === 'k') {
      if (!r.headers.has(k)) r.headers.set(k, v);
    } else if (mode === 'a') {
      const have = (r.headers.get(k) ?? '').split(',').map((t) => t.trim()).filter(Boolean);
      for (const t of v.split(',').map((x) => x.trim())) {
        if (!have.some((h) => h.toLowerCase() === t.toLowerCase())) have.push(t);
      }
      r.headers.set(k, have.join(', '));
    } else {
      r.headers.set(k, v);
    }
  });
  return r;
}

// The core's [name, value] pairs as Headers, each appended in order: what
// new Headers(pairs) makes, at about half the cost in workerd, whose conversion
// of a sequence of sequences costs more than the appends.
export function headersOf(pairs) {
  const h = new Headers();
  for (let i = 0; i < pairs.length; i++) h.append(pairs[i][0], pairs[i][1]);
  return h;
}
