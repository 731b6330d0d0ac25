/** Renderer entry: Vue + Pinia and the global styles (ECharts is registered by the chart component, loaded with the views that draw). */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import './style.css'
import App from './App.vue'

createApp(App).use(createPinia()).mount('#app')
