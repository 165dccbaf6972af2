import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { currentLocale, i18n, rememberLocale } from './i18n/index.js';
import { createAppRouter } from './router.js';

rememberLocale(currentLocale());
createApp(App).use(i18n).use(createAppRouter()).mount('#app');
