// The agent's side of the audio: the real microphone (getUserMedia) while a call is up, and a ringback
// tone through Web Audio while the callee rings. Everything is released when the call ends.

/** A readable reason for each getUserMedia failure, so `startOutboundCall` can say what to fix. */
export function microphoneError(e: unknown): string {
  const name = e instanceof Error ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'Microphone permission denied (NotAllowedError): allow microphone access for this site and try again.';
    case 'NotFoundError':
      return 'No microphone found (NotFoundError): connect a microphone and try again.';
    case 'NotReadableError':
      return 'The microphone is in use by another application (NotReadableError).';
    case 'SecurityError':
      return 'The microphone needs a secure context (SecurityError): use HTTPS or localhost.';
    default:
      return `Microphone unavailable: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}

export class Media {
  private stream: MediaStream | undefined;
  private audio: AudioContext | undefined;
  private ringTimer: ReturnType<typeof setInterval> | undefined;
  private muted = false;
  private held = false;

  constructor(private readonly mediaDevices: MediaDevices | undefined) {}

  /** Opens the microphone; resolves with an error message, or undefined when it is live. */
  async openMicrophone(): Promise<string | undefined> {
    if (this.stream) return undefined;
    if (!this.mediaDevices?.getUserMedia)
      return 'The microphone needs a secure context (HTTPS or localhost): navigator.mediaDevices is missing.';
    try {
      this.stream = await this.mediaDevices.getUserMedia({ audio: true });
      this.apply();
      return undefined;
    } catch (e) {
      return microphoneError(e);
    }
  }

  get isMuted(): boolean {
    return this.muted;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.apply();
  }

  /** Hold mutes the agent too (reference §1.5). */
  setHeld(held: boolean): void {
    this.held = held;
    this.apply();
  }

  private apply(): void {
    for (const t of this.stream?.getAudioTracks() ?? []) t.enabled = !this.muted && !this.held;
  }

  /** China's ringback: 450 Hz, one second on, four off. */
  startRingback(): void {
    if (this.audio || typeof AudioContext === 'undefined') return;
    const audio = new AudioContext();
    this.audio = audio;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 450;
    gain.gain.value = 0;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    void audio.resume().catch(() => {});
    let tick = 0;
    const cadence = (): void => {
      gain.gain.setValueAtTime(tick % 5 === 0 ? 0.15 : 0, audio.currentTime);
      tick++;
    };
    cadence();
    this.ringTimer = setInterval(cadence, 1000);
  }

  stopRingback(): void {
    if (this.ringTimer) clearInterval(this.ringTimer);
    this.ringTimer = undefined;
    const audio = this.audio;
    this.audio = undefined;
    if (audio && audio.state !== 'closed') void audio.close().catch(() => {});
  }

  /** Call over: ringback off, every microphone track stopped. */
  release(): void {
    this.stopRingback();
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
    this.muted = false;
    this.held = false;
  }
}
