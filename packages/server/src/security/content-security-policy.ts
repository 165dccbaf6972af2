/**
 * CSP for the workbench: our own origin, plus the TCCC SDK's origins for its script and its
 * connections, and nothing else. Styles allow 'unsafe-inline' because the vendor SDK renders its
 * built-in UI with inline styles; scripts never do.
 */
export function contentSecurityPolicy(sdkOrigins: string[]): Record<string, string[]> {
  const sdk = sdkOrigins;
  const httpOnly = sdk.filter((o) => !/^wss?:/.test(o));
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...httpOnly],
    connectSrc: ["'self'", ...sdk],
    imgSrc: ["'self'", 'data:', 'blob:', ...httpOnly],
    mediaSrc: ["'self'", 'blob:', ...httpOnly],
    styleSrc: ["'self'", "'unsafe-inline'", ...httpOnly],
    fontSrc: ["'self'", 'data:', ...httpOnly],
    frameSrc: ["'self'", ...httpOnly],
    workerSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  };
}
