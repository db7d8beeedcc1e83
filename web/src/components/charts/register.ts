// Tree-shaken chart.js: only the pieces our bar and line charts use are registered.
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);
Chart.defaults.font.family = "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
Chart.defaults.color = '#4e5969';
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.animation = false;

export { Chart };
export const PALETTE = { base: '#c0262d', task: '#e6a23c', reward: '#409eff', line: '#c0262d', grey: '#c9cdd4', ok: '#67c23a' };
export const SERIES = ['#c0262d', '#409eff', '#e6a23c', '#67c23a', '#909399', '#9b59b6', '#16a085', '#d35400', '#2c3e50'];
