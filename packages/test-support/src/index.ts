// What the suites of every package share: Chromium with fake devices, the machine's services
// (PostgreSQL, Redis, Debian's server binaries) and the server as a child process. Never shipped.
export * from './chromium.js';
export * from './phone-table.js';
export * from './processes.js';
export * from './services.js';
