/**
 * What jsdom lacks and antd needs in the component tests (its responsive observers call `matchMedia` when a component
 * mounts): a media query that never matches. Imported for its effect by each `*.unit.test.tsx` that renders antd.
 */
window.matchMedia ??= (q: string): MediaQueryList => ({
  matches: false,
  media: q,
  onchange: null,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent: () => false,
});
