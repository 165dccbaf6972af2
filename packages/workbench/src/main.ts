import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n, rememberLocale } from './i18n/index.js';
import { createAppRouter } from './router.js';

const i18n = createAppI18n();
rememberLocale(i18n.global.locale.value);
createApp(App).use(i18n).use(createAppRouter()).mount('#app');
