import { createRouter, createWebHistory } from 'vue-router';
import { api } from './api/index.js';
import { currentUser } from './session.js';

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', redirect: { name: 'work' } },
      { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue') },
      { path: '/work', name: 'work', component: () => import('./views/WorkView.vue'), meta: { auth: true } },
      { path: '/:rest(.*)*', redirect: { name: 'work' } },
    ],
  });
  router.beforeEach(async (to) => {
    if (!to.meta.auth || currentUser.value) return true;
    // A reload keeps the cookie session: ask the server before sending the agent to sign in.
    try {
      currentUser.value = (await api.me()).user;
      return true;
    } catch {
      return { name: 'sign-in' };
    }
  });
  return router;
}
