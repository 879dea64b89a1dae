export { statisticsRouter } from './statistics.routes.js';
export { homeFigures, type HomeFigures } from './statistics.service.js';
export { countActivity } from './stat-counters.js';
export { rebuildStatistics, type RebuildReport } from './stats-rebuild.service.js';
