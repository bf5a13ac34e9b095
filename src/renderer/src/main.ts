import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import router from './router'
import './styles/base.css'

const app = createApp(App).use(createPinia()).use(router)
// Mounted once the first route (a lazily loaded page) is resolved: the router listens for address
// changes only from then on, so an address changed earlier (a pasted #/faces, a test's page.goto)
// would be overwritten by the first route when it finally lands.
void router.isReady().then(() => app.mount('#app'))
