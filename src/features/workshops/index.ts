export { catalogue, catalogueBinding, initCatalogue, loadCatalogue } from './catalogue.service.js';
export { lessonUrl, exerciseUrl, moduleUrl, imageUrl } from './content.paths.js';
export type { Catalogue, Module, Skill, Lesson, Exercise, Rich, Picture } from './catalogue.types.js';
export { workshopsRouter } from './workshops.routes.js';
