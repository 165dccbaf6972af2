// @tccc-dialer/web/guards: care of the page around the softphone (leaving mid-call, a second tab, a
// render target too small). A separate entry, so the core stays within its size budget; it works on
// the Dialer's public events only.
export { checkRenderTarget, type GuardPageOptions, guardPage } from './page-guards.js';
