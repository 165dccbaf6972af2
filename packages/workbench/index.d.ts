/** Folder of the built workbench, served by @tccc-dialer/server at `/`. */
export declare const workbenchDir: URL;
