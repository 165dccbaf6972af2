// The built-in UI: a floating call button and a small workbench panel, or — when the script tag has
// `data-render-dom-id` — the workbench inside that element (at least 760×480), with no floating window.
// `tccc.UI.*` (reference §1.7) shows and hides the parts.

export interface UiDeps {
  document: Document;
  /** The element named by `data-render-dom-id`, if any. */
  embedIn: HTMLElement | null;
  onDial: (phoneNumber: string) => void;
  onHangUp: () => void;
  onAnswer: () => void;
}

const STATE_TEXT: Record<string, string> = {
  callOuted: 'ringing',
  calloutAccepted: 'connected',
  callIn: 'incoming call',
  userAccessed: 'connected',
  sessionEnded: 'ended',
};

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string>,
  style: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.style.cssText = style;
  node.textContent = text;
  return node;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Who the agent is talking to: the callee of an outbound call, the caller of an inbound one, as the user
 * ID when numbers are masked. `undefined` for events that do not name them (the last name stays).
 */
function customer(name: string, payload: Record<string, unknown>): string | undefined {
  if (name === 'callOuted') return text(payload.protectedCallee) || text(payload.calleePhoneNumber);
  if (name === 'callIn') return text(payload.protectedCaller) || text(payload.callerPhoneNumber);
  return undefined;
}

export function createUi(deps: UiDeps) {
  const doc = deps.document;
  const embedded = deps.embedIn !== null;
  const root = doc.createElement('t3c-sdk');
  root.id = 'tcccSdkDomRoot';
  root.dataset.embedded = String(embedded);
  if (embedded) root.style.cssText = 'display:block;width:100%;height:100%';
  const float = el(
    doc,
    'button',
    { id: 'tcccSdkFloatButton', type: 'button', 'aria-label': 'TCCC' },
    'position:fixed;right:24px;bottom:24px;z-index:2147483000;width:56px;height:56px;border-radius:28px;border:0;background:#006eff;color:#fff;font:600 14px sans-serif;cursor:pointer',
    'TCCC',
  );
  const panelStyle = embedded
    ? 'box-sizing:border-box;width:100%;height:100%;min-width:760px;min-height:480px'
    : 'position:fixed;right:24px;bottom:96px;z-index:2147483000;width:320px;height:240px';
  const workbench = el(
    doc,
    'section',
    { id: 'tcccSdkWorkbench', role: 'dialog', 'aria-label': 'TCCC workbench' },
    `${panelStyle};background:#fff;border:1px solid #d0d7e2;border-radius:8px;padding:16px;font:14px sans-serif;color:#222;display:flex;flex-direction:column;gap:8px`,
  );
  const status = el(doc, 'span', { 'data-role': 'status' }, 'color:#006eff', 'offline');
  const number = el(
    doc,
    'input',
    { 'data-role': 'number', type: 'tel', placeholder: 'Phone number', 'aria-label': 'Phone number' },
    'padding:6px',
  );
  const dial = el(doc, 'button', { 'data-role': 'dial', type: 'button' }, 'padding:6px', 'Call');
  const hangUp = el(doc, 'button', { 'data-role': 'hangup', type: 'button' }, 'padding:6px', 'Hang up');
  // Shown only while an inbound call rings.
  const answer = el(
    doc,
    'button',
    { 'data-role': 'answer', type: 'button' },
    'padding:6px;display:none',
    'Answer',
  );
  const callState = el(doc, 'div', { 'data-role': 'call-state', 'data-state': 'idle' }, 'color:#555', 'idle');
  // The app's line an inbound customer dialled, shown beside (never instead of) the customer.
  const line = el(doc, 'div', { 'data-role': 'line' }, 'color:#888;font-size:12px', '');
  const header = el(doc, 'header', {}, 'display:flex;justify-content:space-between', '');
  header.append(el(doc, 'strong', {}, '', 'TCCC emulator'), status);
  const controls = el(doc, 'div', {}, 'display:flex;gap:8px');
  controls.append(number, dial, answer, hangUp);
  workbench.append(header, controls, callState, line);
  if (!embedded) root.append(float);
  root.append(workbench);
  (deps.embedIn ?? doc.body).append(root);

  const shown = { all: true, float: true, workbench: embedded };
  const render = (): void => {
    root.style.display = shown.all ? (embedded ? 'block' : '') : 'none';
    float.style.display = shown.float ? '' : 'none';
    workbench.style.display = shown.workbench ? 'flex' : 'none';
  };
  float.addEventListener('click', () => {
    shown.workbench = !shown.workbench;
    render();
  });
  dial.addEventListener('click', () => number.value.trim() && deps.onDial(number.value.trim()));
  hangUp.addEventListener('click', () => deps.onHangUp());
  answer.addEventListener('click', () => deps.onAnswer());
  render();
  /** The customer of the call shown, kept across its events. */
  let who = '';

  const set = (part: keyof typeof shown, value: boolean) => (): void => {
    shown[part] = value;
    render();
  };
  return {
    api: {
      hide: set('all', false),
      show: set('all', true),
      showfloatButton: set('float', true),
      hidefloatButton: set('float', false),
      showWorkbench: set('workbench', true),
      hideWorkbench: set('workbench', false),
    },
    /** Reflects an SDK event in the panel. */
    update(name: string, payload: Record<string, unknown>): void {
      if (name === 'statusChanged' && typeof payload.status === 'string') status.textContent = payload.status;
      if (name === 'callIn') answer.style.display = '';
      if (name === 'userAccessed' || name === 'sessionEnded') answer.style.display = 'none';
      const state = STATE_TEXT[name];
      if (state) {
        callState.dataset.state = state;
        who = customer(name, payload) ?? who;
        callState.textContent = who ? `${state} · ${who}` : state;
        if (name === 'callIn') line.textContent = text(payload.calleePhoneNumber);
        if (name === 'callOuted') line.textContent = '';
      }
    },
    setStatus(value: string): void {
      status.textContent = value;
    },
    destroy(): void {
      root.remove();
    },
  };
}
