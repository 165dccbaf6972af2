/** Folder of the built workbench, served by @tccc-dialer/server at `/`. */
export const workbenchDir = new URL('./dist/', import.meta.url);
