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
