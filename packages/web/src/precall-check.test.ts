import { describe, expect, it } from 'vitest';
import { runPrecallCheck } from './precall-check.js';
import { chromeDevicesWithHeadset, FakeMediaDevices, fakeAudioContext } from './test-support/fake-media.js';

const browser = {
  isSecureContext: true,
  RTCPeerConnection: class {},
  HTMLMediaElement: { prototype: { setSinkId() {} } },
};

describe('runPrecallCheck', () => {
  it('passes every check in order, counts real devices (not the default alias) and stops the track', async () => {
    const md = new FakeMediaDevices(chromeDevicesWithHeadset());
    const report = await runPrecallCheck({ window: browser, mediaDevices: md });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['secure-context', 'pass'],
      ['media-devices', 'pass'],
      ['browser-support', 'pass'],
      ['microphone', 'pass'],
      ['devices', 'pass'],
      ['input-level', 'skip'],
    ]);
    expect(report.devices).toEqual({ inputs: 2, outputs: 2, canSelectSpeaker: true });
    expect(md.streams[0]?.tracks[0]?.stopped).toBe(1);
  });

  it.each([
    ['NotAllowedError', 'MIC_PERMISSION_DENIED'],
    ['NotFoundError', 'MIC_NOT_FOUND'],
    ['OverconstrainedError', 'MIC_NOT_FOUND'],
    ['NotReadableError', 'MIC_IN_USE'],
    ['AbortError', 'MIC_IN_USE'],
    ['SecurityError', 'INSECURE_CONTEXT'],
    ['TypeError', 'MIC_CHECK_FAILED'],
  ])('getUserMedia %s → %s, with a remedy, and the later checks are skipped', async (name, code) => {
    const md = new FakeMediaDevices();
    md.failWith = new DOMException('refused', name);
    const report = await runPrecallCheck({ window: browser, mediaDevices: md });
    const mic = report.checks.find((c) => c.id === 'microphone');
    expect(report.ok).toBe(false);
    expect(mic).toMatchObject({ status: 'fail', code });
    expect(mic?.remedy['zh-CN']).not.toBe('');
    expect(mic?.remedy['en-US']).not.toBe('');
    expect(report.checks.slice(4).map((c) => c.status)).toEqual(['skip', 'skip']);
  });

  it('an insecure page fails first and never asks for the microphone', async () => {
    const md = new FakeMediaDevices();
    const report = await runPrecallCheck({
      window: { ...browser, isSecureContext: false },
      mediaDevices: md,
    });
    expect(report.checks[0]).toMatchObject({
      id: 'secure-context',
      status: 'fail',
      code: 'INSECURE_CONTEXT',
    });
    expect(report.checks[0]?.remedy['en-US']).toMatch(/HTTPS/);
    expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
    expect(md.streams).toHaveLength(0);
  });

  it('a browser without WebRTC, or one the SDK rejects, is unsupported', async () => {
    const md = new FakeMediaDevices();
    const noRtc = await runPrecallCheck({ window: { isSecureContext: true }, mediaDevices: md });
    expect(noRtc.checks[2]).toMatchObject({ status: 'fail', code: 'BROWSER_UNSUPPORTED' });
    const sdkSaysNo = { ...browser, tccc: { Devices: { isBrowserSupported: () => false } } };
    const vendor = await runPrecallCheck({ window: sdkSaysNo, mediaDevices: md });
    expect(vendor.checks[2]).toMatchObject({ status: 'fail', code: 'BROWSER_UNSUPPORTED' });
  });

  it('no audio input after the grant is MIC_NOT_FOUND; no setSinkId means no speaker choice', async () => {
    const md = new FakeMediaDevices(chromeDevicesWithHeadset().filter((d) => d.kind !== 'audioinput'));
    const report = await runPrecallCheck({
      window: { ...browser, HTMLMediaElement: { prototype: {} } },
      mediaDevices: md,
    });
    expect(report.checks[4]).toMatchObject({ id: 'devices', status: 'fail', code: 'MIC_NOT_FOUND' });
    expect(report.devices).toEqual({ inputs: 0, outputs: 2, canSelectSpeaker: false });
    expect(md.streams[0]?.tracks[0]?.stopped).toBeGreaterThan(0);
  });

  it('a silent microphone is a warning, not a failure, and the AudioContext is closed', async () => {
    const md = new FakeMediaDevices();
    const audio = fakeAudioContext(0);
    const report = await runPrecallCheck({ window: browser, mediaDevices: md, levelSampleMs: 30, ...audio });
    expect(report.ok).toBe(true);
    expect(report.checks[5]).toMatchObject({ id: 'input-level', status: 'warn', code: 'MIC_SILENT' });
    expect(report.level).toBe(0);
    expect(audio.made.map((c) => c.closed)).toEqual([1]);
    expect(md.streams[0]?.tracks[0]?.stopped).toBeGreaterThan(0);
  });

  it('a live microphone passes the level check and reports its level', async () => {
    const audio = fakeAudioContext(0.2);
    const report = await runPrecallCheck({
      window: browser,
      mediaDevices: new FakeMediaDevices(),
      levelSampleMs: 30,
      ...audio,
    });
    expect(report.checks[5]).toMatchObject({ status: 'pass', code: 'OK' });
    expect(report.level).toBeCloseTo(0.2);
  });

  it('an AudioContext stuck in suspended (no user gesture) warns MIC_LEVEL_UNAVAILABLE and still closes it', async () => {
    const md = new FakeMediaDevices();
    const audio = fakeAudioContext(0.2, 'suspended');
    const report = await runPrecallCheck({ window: browser, mediaDevices: md, levelSampleMs: 30, ...audio });
    expect(report.checks[5]).toMatchObject({ status: 'warn', code: 'MIC_LEVEL_UNAVAILABLE' });
    expect(audio.made.map((c) => c.closed)).toEqual([1]);
    expect(md.streams[0]?.tracks[0]?.stopped).toBeGreaterThan(0);
  });
});
