// The load generator's HTTP client: node:http on keep-alive connections, answering in the few shapes
// of `fetch` the generator reads (status, a header, the text, the JSON). The generator is the
// instrument: its own garbage-collection pauses land in every latency it reports, and `fetch` builds
// streams, headers and promises per request that a thousand open requests (500 agents and their
// long-polls) keep alive through each young-generation collection.
import { Agent, request as httpRequest } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

class Answer {
  constructor(status, headers, body) {
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.headers = { get: (name) => headerText(headers[name.toLowerCase()]) };
    this.body = body;
  }
  async text() {
    return this.body;
  }
  async json() {
    return JSON.parse(this.body);
  }
}

const headerText = (value) => (value === undefined ? null : Array.isArray(value) ? value.join(', ') : value);

/**
 * `fetch(url, { method, headers, body, signal })` for http:// on loopback. Rejects as fetch does:
 * on a network error (with `cause.code`) and on abort.
 */
export function fetchHttp(url, init = {}) {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    if (init.body !== undefined) {
      // What fetch sends with a string body.
      headers['content-type'] ??= 'text/plain;charset=UTF-8';
      headers['content-length'] = Buffer.byteLength(init.body);
    }
    const req = httpRequest(
      url,
      { method: init.method ?? 'GET', headers, agent, signal: init.signal },
      (res) => {
        res.setEncoding('utf8');
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve(new Answer(res.statusCode, res.headers, body)));
        res.on('error', (error) => reject(Object.assign(new Error('response failed'), { cause: error })));
      },
    );
    req.on('error', (error) => reject(Object.assign(new Error('request failed'), { cause: error })));
    req.end(init.body);
  });
}

/** Ends a run's open connections before its servers stop (one process may hold several runs). */
export function closeConnections() {
  agent.destroy();
}
