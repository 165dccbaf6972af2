export interface SeatConfig {
  userId: string;
  name: string;
  role: 'agent' | 'supervisor';
}

export interface EmulatorConfig {
  sdkAppId: number;
  secretId: string;
  secretKey: string;
  seats: SeatConfig[];
  numbers: string[];
}

export const defaultEmulatorConfig: EmulatorConfig = {
  sdkAppId: 1400000001,
  secretId: 'AKIDtcccEmulatorDemo00000000000000000',
  secretKey: 'tcccEmulatorDemoSecretKey0000000',
  seats: [
    { userId: 'agent@example.com', name: 'Demo Agent', role: 'agent' },
    { userId: 'agent2@example.com', name: 'Second Agent', role: 'agent' },
    { userId: 'supervisor@example.com', name: 'Demo Supervisor', role: 'supervisor' },
  ],
  numbers: ['02160000000', '4001234567'],
};
