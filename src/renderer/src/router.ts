import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

/** Hash history: works from file:// in Electron and from any path in the browser. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'runs', component: () => import('./pages/RunsPage.vue'), meta: { title: 'Runs' } },
  { path: '/new', name: 'new-run', component: () => import('./pages/NewRunPage.vue'), meta: { title: 'New run' } },
  { path: '/runs/:id', name: 'run', component: () => import('./pages/RunPage.vue'), meta: { title: 'Run' } },
  { path: '/studies/:id', name: 'study', component: () => import('./pages/StudyPage.vue'), meta: { title: 'Study' } },
  { path: '/compare', name: 'compare', component: () => import('./pages/ComparePage.vue'), meta: { title: 'Compare' } },
  { path: '/datasets', name: 'datasets', component: () => import('./pages/DatasetsPage.vue'), meta: { title: 'Datasets' } },
  { path: '/detect', name: 'detect', component: () => import('./pages/DetectPage.vue'), meta: { title: 'Detect' } },
  { path: '/faces', name: 'faces', component: () => import('./pages/FacesPage.vue'), meta: { title: 'Faces' } },
  { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue'), meta: { title: 'Settings' } },
  { path: '/engine', name: 'engine', component: () => import('./pages/EnginePage.vue'), meta: { title: 'Engine' } },
  { path: '/bench/charts', name: 'chart-bench', component: () => import('./pages/ChartBenchPage.vue'), meta: { title: 'Chart bench' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { title: 'Not found' } },
]

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
})

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : ''
  document.title = title ? `${title} · Benchtop` : 'Benchtop'
})

export default router
