import { createRouter, createWebHashHistory } from 'vue-router';
import { api } from './api/index.js';
import { AppShell, WorkView } from './screens.js';
import { currentUser } from './session.js';
import SignInView from './views/SignInView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    auth?: boolean;
    supervisor?: boolean;
  }
}

export function createAppRouter() {
  const router = createRouter({
    // Hash URLs: a reload of any screen asks the server only for `/`, so it needs no SPA fallback.
    history: createWebHashHistory(),
    routes: [
      { path: '/sign-in', name: 'sign-in', component: SignInView },
      {
        path: '/',
        component: AppShell,
        meta: { auth: true },
        children: [
          { path: '', redirect: { name: 'work' } },
          { path: 'work', name: 'work', component: WorkView },
          { path: 'precall', name: 'precall', component: () => import('./views/PrecallView.vue') },
          { path: 'history', name: 'history', component: () => import('./views/HistoryView.vue') },
          { path: 'calls/:sessionId', name: 'call', component: () => import('./views/CallView.vue') },
          { path: 'my-scores', name: 'my-scores', component: () => import('./views/MyScoresView.vue') },
          {
            path: 'scorecards',
            name: 'scorecards',
            component: () => import('./views/ScorecardsView.vue'),
            meta: { supervisor: true },
          },
          {
            path: 'number-reveals',
            name: 'number-reveals',
            component: () => import('./views/RevealsView.vue'),
            meta: { supervisor: true },
          },
          {
            path: 'campaigns',
            name: 'campaigns',
            component: () => import('./views/CampaignsView.vue'),
          },
          {
            path: 'campaigns/:id/work',
            name: 'campaign-work',
            component: () => import('./views/CampaignWorkView.vue'),
          },
          {
            path: 'campaigns/:id',
            name: 'campaign-detail',
            component: () => import('./views/CampaignDetailView.vue'),
            meta: { supervisor: true },
          },
          {
            path: 'dashboard',
            name: 'dashboard',
            component: () => import('./views/DashboardView.vue'),
            meta: { supervisor: true },
          },
          {
            path: 'board',
            name: 'board',
            component: () => import('./views/BoardView.vue'),
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
        currentUser.value = (await api.get('/api/me')).user;
      } catch {
        return { name: 'sign-in' };
      }
    }
    if (to.meta.supervisor && currentUser.value.role !== 'supervisor') return { name: 'work' };
    return true;
  });
  return router;
}
