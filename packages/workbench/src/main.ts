// The base variables every component's stylesheet reads; the components bring the rest.
import 'element-plus/theme-chalk/base.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { createAppRouter } from './router.js';

createApp(App).use(i18n).use(createAppRouter()).mount('#app');
