// The sign-in screen alone is in the first download; the screens an agent lands on next come in
// chunks of their own, which the sign-in screen fetches while the agent types.
export const AppShell = () => import('./views/AppShell.vue');
export const WorkView = () => import('./views/WorkView.vue');

/** Fetches the work screens ahead of need, so signing in waits on no download. */
export function prefetchWorkScreens(): void {
  void AppShell();
  void WorkView();
}
