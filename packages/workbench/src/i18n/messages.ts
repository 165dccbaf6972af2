export const messages = {
  'zh-CN': {
    app: { title: '外呼工作台', lang: '语言' },
    login: {
      title: '坐席登录',
      username: '用户名',
      password: '密码',
      submit: '登录',
      errors: {
        INVALID_CREDENTIALS: '用户名或密码错误。',
        ACCOUNT_LOCKED: '账号已被锁定，请稍后再试或联系管理员。',
        RATE_LIMITED: '尝试次数过多，请稍后再试。',
        NETWORK_ERROR: '无法连接服务器，请检查网络后重试。',
        unknown: '登录失败，请稍后重试。',
      },
    },
    work: {
      signOut: '退出登录',
      sdk: { loading: '软电话加载中…', ready: '软电话已就绪', failed: '软电话加载失败', retry: '重试' },
      dialLabel: '被叫号码',
      dialPlaceholder: '输入手机号或座机号',
      dial: '呼叫',
      invalidNumber: '号码格式不正确',
      callee: '被叫',
      state: { dialing: '呼叫中', ringing: '振铃中', connected: '通话中', ended: '已结束' },
      mute: '静音',
      unmute: '取消静音',
      hold: '保持',
      unhold: '恢复',
      hangUp: '挂断',
    },
  },
  'en-US': {
    app: { title: 'Dialer workbench', lang: 'Language' },
    login: {
      title: 'Sign in',
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
      errors: {
        INVALID_CREDENTIALS: 'Wrong username or password.',
        ACCOUNT_LOCKED: 'This account is locked. Try again later or contact your administrator.',
        RATE_LIMITED: 'Too many attempts. Please wait and try again.',
        NETWORK_ERROR: 'Cannot reach the server. Check your network and try again.',
        unknown: 'Sign-in failed. Please try again.',
      },
    },
    work: {
      signOut: 'Sign out',
      sdk: {
        loading: 'Loading softphone…',
        ready: 'Softphone ready',
        failed: 'Softphone failed to load',
        retry: 'Retry',
      },
      dialLabel: 'Number to call',
      dialPlaceholder: 'Mobile or landline number',
      dial: 'Call',
      invalidNumber: 'Not a valid phone number',
      callee: 'Callee',
      state: { dialing: 'Dialing', ringing: 'Ringing', connected: 'Connected', ended: 'Ended' },
      mute: 'Mute',
      unmute: 'Unmute',
      hold: 'Hold',
      unhold: 'Resume',
      hangUp: 'Hang up',
    },
  },
} as const;

export type Locale = keyof typeof messages;
export const locales = Object.keys(messages) as Locale[];
