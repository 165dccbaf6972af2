import { createRouter, createWebHistory } from 'vue-router';
import { api } from './api/index.js';
import { currentUser } from './session.js';

declare module 'vue-router' {
  interface RouteMeta {
    auth?: boolean;
    supervisor?: boolean;
  }
}

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue') },
      {
        path: '/',
        component: () => import('./views/AppShell.vue'),
        meta: { auth: true },
        children: [
          { path: '', redirect: { name: 'work' } },
          { path: 'work', name: 'work', component: () => import('./views/WorkView.vue') },
          { path: 'precall', name: 'precall', component: () => import('./views/PrecallView.vue') },
          { path: 'history', name: 'history', component: () => import('./views/HistoryView.vue') },
          {
            path: 'dashboard',
            name: 'dashboard',
            component: () => import('./views/DashboardView.vue'),
            meta: { supervisor: true },
          },
        ],
      },
      { path: '/:rest(.*)*', redirect: { name: 'work' } },
    ],
  });
  router.beforeEach(async (to) => {
    if (!to.matched.some((r) => r.meta.auth)) return true;
    if (!currentUser.value) {
      // A reload keeps the cookie session: ask the server before sending the agent to sign in.
      try {
        currentUser.value = (await api.me()).user;
      } catch {
        return { name: 'sign-in' };
      }
    }
    if (to.meta.supervisor && currentUser.value.role !== 'supervisor') return { name: 'work' };
    return true;
  });
  return router;
}
