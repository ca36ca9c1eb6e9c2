// clvkit/charts: Vega-Lite chart specs for every module's results, and SVG rendering (vega and vega-lite are optional peers).
export { CHART_FONT, CHART_LOCALES, VEGA_LITE_SCHEMA } from './chart-spec.js';
export type { ChartLocale, VegaLiteSpec } from './chart-spec.js';
export { lorenzChart } from './lorenz-chart.js';
export type { LorenzChartOptions, LorenzChartInput } from './lorenz-chart.js';
export { abcChart } from './abc-chart.js';
export type { AbcChartOptions, AbcChartInput } from './abc-chart.js';
export { rfmHeatmap } from './rfm-heatmap.js';
export type { RfmHeatmapOptions, RfmHeatmapInput, RfmHeatmapCell } from './rfm-heatmap.js';
export { segmentSizeChart } from './segment-size-chart.js';
export type { SegmentSizeChartOptions, SegmentSizeInput } from './segment-size-chart.js';
export { tierChart } from './tier-chart.js';
export type { TierChartOptions, TierChartInput } from './tier-chart.js';
export { tierMigrationHeatmap } from './tier-migration-heatmap.js';
export type { TierMigrationHeatmapOptions, TierMigrationInput } from './tier-migration-heatmap.js';
export { clusterProfileChart } from './cluster-profile-chart.js';
export type { ClusterProfileChartOptions, ClusterProfileInput } from './cluster-profile-chart.js';
export { clusterScatter } from './cluster-scatter.js';
export type { ClusterScatterOptions, ClusterScatterInput, ClusterScatterTable } from './cluster-scatter.js';
export { principalComponents } from './principal-components.js';
export type { PrincipalComponents, PrincipalComponentsOptions } from './principal-components.js';
export { frequencyRecencyHeatmap } from './frequency-recency-heatmap.js';
export type { FrequencyRecencyHeatmapOptions, FrequencyRecencyInput } from './frequency-recency-heatmap.js';
export { trackingChart } from './tracking-chart.js';
export type { TrackingChartOptions, TrackingInput } from './tracking-chart.js';
export { clvPartsChart, NO_GROUP } from './clv-parts-chart.js';
export type { ClvPartsChartOptions, ClvPartsInput } from './clv-parts-chart.js';
export { valueMatrixChart } from './value-matrix-chart.js';
export type { ValueMatrixChartOptions, ValueMatrixChartInput, ValueMatrixCells } from './value-matrix-chart.js';
// Model diagnostics (issue 17)
export { incrementalTrackingChart } from './incremental-tracking-chart.js';
export type { IncrementalTrackingChartOptions } from './incremental-tracking-chart.js';
export { probabilityAliveChart } from './probability-alive-chart.js';
export type { ProbabilityAliveChartOptions, ProbabilityAliveChartInput } from './probability-alive-chart.js';
export { frequencyHistogramChart } from './frequency-histogram-chart.js';
export type { FrequencyHistogramChartOptions, FrequencyHistogramInput } from './frequency-histogram-chart.js';
export { conditionalExpectationChart } from './conditional-expectation-chart.js';
export type { ConditionalExpectationChartOptions, ConditionalExpectationBucket } from './conditional-expectation-chart.js';
export { renderSvg, loadVegaModules } from './render-svg.js';
export type { RenderSvgOptions, ChartModuleLoader, VegaModule, VegaLiteModule } from './render-svg.js';

// Notebook display of chart specs
export { chartBundle, describeChart, withChartDisplay, VEGA_LITE_MIME, VEGA_LITE_V5_SCHEMA } from './chart-display.js';
