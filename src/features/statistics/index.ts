export { statisticsRouter } from './statistics.routes.js';
export { homeFigures } from './statistics.service.js';
export { countActivity } from './stat-counters.js';
export { rebuildStatistics } from './stats-rebuild.service.js';
