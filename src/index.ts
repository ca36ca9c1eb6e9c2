// The public API of clvkit: curated re-exports only.
export { ClvkitError, isClvkitError } from './errors.js';
export type { ClvkitErrorCode, ClvkitErrorDetails } from './errors.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
export { DAYS_PER_UNIT, TIME_UNITS, convertTime, isoDate, parseIsoDay, toEpochDay } from './time.js';
export type { DateInput, TimeUnit } from './time.js';
export type { TransactionTable, DictionaryColumn, IngestStats, RejectedRow } from './io/transaction-table.js';
export type { CustomerSummary } from './io/customer-summary.js';

// Reading transactions and summarising customers
export { streamTransactions, transactionReadSchema } from './io/stream-transactions.js';
export type { TransactionReadOptions, TransactionRow, TransactionBatch, TransactionStream } from './io/stream-transactions.js';
export { readTransactions, readTransactionsSync } from './io/read-transactions.js';
export { MAX_AMOUNT } from './io/record-decoder.js';
export { readTable, readTableSchema } from './io/read-table.js';
export type { ReadTableOptions, TableData, TableColumn } from './io/read-table.js';
export { summarizeCustomers, summarizeCustomersSchema } from './io/summarize-customers.js';
export type { SummarizeCustomersOptions, TransactionRows } from './io/summarize-customers.js';
export type { IngestProgress } from './io/ingest-options.js';
export type { IngestSource } from './io/ingest-source.js';
export type { DateFormat } from './io/parse-date.js';
// Reader size limits
export { DEFAULT_MAX_FIELD_LENGTH, DEFAULT_MAX_RECORD_LENGTH } from './io/ingest-options.js';

// Warehouse SQL and reading summaries back
export { summarySql, summarySqlSchema, SUMMARY_SQL_COLUMNS, SUMMARY_SQL_HOLDOUT_COLUMNS } from './sql/summary-sql.js';
export type { SummarySqlOptions } from './sql/summary-sql.js';
export { quoteIdentifier, SQL_DIALECTS } from './sql/sql-dialect.js';
export type { SqlDialect } from './sql/sql-dialect.js';
export { readSummaries, readSummariesSchema } from './io/read-summaries.js';
export type { ReadSummariesOptions, SummaryReadResult } from './io/read-summaries.js';
export { scoringSql, SCORING_SQL_MODELS } from './sql/scoring-sql.js';
export type { ScoringSql, ScoringSqlOptions, ScoringLookup } from './sql/scoring-sql.js';
export { patternsSql } from './sql/patterns-sql.js';
export type { PatternsSqlOptions } from './sql/patterns-sql.js';

// Synthetic bank books
export { CUSTOMER_TYPES, REGIONS, PRODUCTS, productsOf, productMask } from './simulate/bank-book.js';
export type { BankBook, BankBookTruth, BankCustomers, BankSnapshots, CustomerType, Region, Product } from './simulate/bank-book.js';
export { simulateBank, CHANNELS } from './simulate/simulate-bank.js';
export type {
  SimulateBankOptions,
  SimulateBankParameters,
  SimulatedBankBook,
  SimulatedBankTruth,
  SimulatedCustomerTruth,
  Channel,
} from './simulate/simulate-bank.js';
export { formatBankBook, writeBankBook } from './simulate/format-bank-book.js';
export type { BankBookFiles, FormatBankBookOptions, WriteBankBookOptions } from './simulate/format-bank-book.js';
export { readBankBook } from './simulate/read-bank-book.js';
export type { ReadBankBookOptions } from './simulate/read-bank-book.js';
export { latestSnapshot } from './book/latest-snapshot.js';
export type { LatestSnapshot, LatestSnapshotOptions } from './book/latest-snapshot.js';
// The book contract: your own data (any attributes, any products, optional parts, a spec)
export { readBook, DEFAULT_BOOK_MARGIN, BOOK_FOLDER_FILES } from './book/read-book.js';
export type { ReadBookOptions, ReadBookResult, BookReading, BookReject } from './book/read-book.js';
export { bookSpecSchema, parseBookSpec, bookSpecJsonSchema } from './book/book-spec.js';
export type { BookSpec, ParsedBookSpec } from './book/book-spec.js';
export { checkBook } from './book/check-book.js';
export type { BookCheck } from './book/check-book.js';
export { productMasks, holdingsFromMasks, MAX_MASK_PRODUCTS } from './book/product-masks.js';
export { BOOK_PARTS } from './book/book.js';
export type { Book, BookCustomers, BookSnapshots, BookHoldings, BookRevenue, BookPart } from './book/book.js';

// Pareto (80/20) concentration
export { prepareParetoValues } from './pareto/pareto-values.js';
export type { ParetoValues, ParetoBasis, ParetoNegatives, ParetoFailure, PrepareParetoValuesOptions } from './pareto/pareto-values.js';
export { gini, giniPrepared } from './pareto/gini.js';
export type { GiniResult, GiniOptions } from './pareto/gini.js';
export { lorenzCurve, lorenzCurvePrepared, DEFAULT_LORENZ_POINTS } from './pareto/lorenz-curve.js';
export type { LorenzCurve, LorenzCurveOptions } from './pareto/lorenz-curve.js';
export { topShares, topSharesPrepared, DEFAULT_TOP_SHARES } from './pareto/top-shares.js';
export type { TopShare, TopShares, TopSharesOptions } from './pareto/top-shares.js';
export { paretoPoint, paretoPointPrepared, DEFAULT_PARETO_TARGET } from './pareto/pareto-point.js';
export type { ParetoPoint, ParetoPointSummary, ParetoPointOptions } from './pareto/pareto-point.js';
export { abcClasses, abcClassesPrepared, ABC_LABELS, DEFAULT_ABC_CUTOFFS } from './pareto/abc-classes.js';
export type { AbcClasses, AbcClassRow, AbcClassesOptions, AbcLabel } from './pareto/abc-classes.js';
export { paretoByGroup } from './pareto/pareto-by-group.js';
export type { ParetoGroup, GroupConcentration, ParetoByGroupOptions } from './pareto/pareto-by-group.js';
export { paretoAnalysis } from './pareto/pareto-analysis.js';
export type { ParetoAnalysis, ParetoAnalysisOptions } from './pareto/pareto-analysis.js';
export type { Label, LabelColumn } from './pareto/label-column.js';

// Segments: RFM, asset tiers, behaviour status, tags
export { rfmScores, RFM_MEASURES } from './rfm/rfm-scores.js';
export type { RfmScores, RfmScoresOptions, RfmTable, RfmMeasure, RfmBinning, RfmByMeasure } from './rfm/rfm-scores.js';
export { rfmSegments } from './rfm/rfm-segments.js';
export type { RfmSegments, RfmSegmentsOptions, RfmSegmentRow } from './rfm/rfm-segments.js';
export { DEFAULT_RFM_SEGMENTS, RFM_OTHERS_SEGMENT } from './rfm/default-rfm-segments.js';
export type { RfmSegmentDefinition, RfmScoreBox } from './rfm/default-rfm-segments.js';
export { DEFAULT_TIER_BANDS } from './tiers/tier-bands.js';
export type { TierBand, TierDescriptor } from './tiers/tier-bands.js';
export { assignTiers } from './tiers/assign-tiers.js';
export type { AssignTiersOptions, TierAssignment, TierRow } from './tiers/assign-tiers.js';
export { assignTiersOverTime } from './tiers/assign-tiers-over-time.js';
export type { AssignTiersOverTimeOptions, TiersOverTime, TierSnapshots } from './tiers/assign-tiers-over-time.js';
export { tierMigration } from './tiers/tier-migration.js';
export type { TierMigration, TierMigrationOptions, TierAssignmentLike } from './tiers/tier-migration.js';
export { BEHAVIOR_STATUSES, BEHAVIOR_STATUS_LABELS } from './behavior/behavior-statuses.js';
export type { BehaviorStatus, BehaviorStatusRow } from './behavior/behavior-statuses.js';
export { behaviorStatus } from './behavior/behavior-status.js';
export type { BehaviorStatusOptions, BehaviorStatusResult, ActivityTable } from './behavior/behavior-status.js';
export { behaviorStatusFromSnapshots } from './behavior/behavior-status-from-snapshots.js';
export type { BehaviorStatusFromSnapshotsOptions, SnapshotBehaviorStatus, ActivitySnapshots } from './behavior/behavior-status-from-snapshots.js';
export { tagCustomers } from './tags/tag-customers.js';
export type { TagCustomersOptions, CustomerTags, TagCountRow, TagTable } from './tags/tag-customers.js';
export { DEFAULT_TAG_RULES } from './tags/default-tag-rules.js';
export type { TagRule, TagCondition, TagComparison } from './tags/tag-rule.js';
// Tag rule limits
export { MAX_TAG_RULES, MAX_TAG_DEPTH, MAX_TAG_CONDITIONS } from './tags/tag-customers.js';

// Clustering
export { segmentCustomers } from './clustering/segment-customers.js';
export type { SegmentCustomersOptions, SegmentResult, SegmentProfile, SegmentFeatureProfile, KCandidate } from './clustering/segment-customers.js';
export { assignSegments, segmentModelFromJSON, SEGMENT_MODEL_VERSION } from './clustering/segment-model.js';
export type { SegmentModel, SegmentModelJson, SegmentTable, SegmentAssignment, AssignSegmentsOptions } from './clustering/segment-model.js';
export { kMeans } from './clustering/k-means.js';
export { kMeansPlusPlus } from './clustering/k-means-plus-plus.js';
export type { KMeansOptions, KMeansResult, KMeansRun } from './clustering/k-means.js';
export type { KMeansPlusPlusOptions } from './clustering/k-means-plus-plus.js';
export { silhouetteScore } from './clustering/silhouette-score.js';
export type { SilhouetteOptions, SilhouetteResult } from './clustering/silhouette-score.js';
export { adjustedRandIndex } from './clustering/adjusted-rand-index.js';
export type { AdjustedRandIndexOptions } from './clustering/adjusted-rand-index.js';
export { DEFAULT_FEATURE_NAMES } from './clustering/segment-labels.js';
export type { FeatureName, SegmentLabels } from './clustering/segment-labels.js';
export type { FeatureTransform } from './clustering/feature-transform.js';
// Clustering: the naming scheme's name for applying a segment model (README "API naming")
export { applySegmentModel } from './clustering/segment-model.js';

// CLV: transaction models, spend model, discounted CLV, holdout validation
export type { TransactionModelKind, RfmColumns, ModelTimeUnit, FitReport, FittedTransactionModel, SerializedModel } from './clv/transaction-model.js';
export type { FitOptions } from './clv/core/fit-options.js';
export { fitBgNbd } from './clv/bg-nbd/fit-bg-nbd.js';
export type { BgNbdModel, FitBgNbdOptions } from './clv/bg-nbd/fit-bg-nbd.js';
export { bgNbdFromJSON } from './clv/bg-nbd/bg-nbd-from-json.js';
export { simulateBgNbd } from './clv/bg-nbd/simulate-bg-nbd.js';
export type { SimulateBgNbdOptions, BgNbdSimulation } from './clv/bg-nbd/simulate-bg-nbd.js';
export type { BgFamilyExtras, BgParamName } from './clv/bg-nbd/bg-model.js';
export { fitModifiedBgNbd } from './clv/mbg-nbd/fit-modified-bg-nbd.js';
export type { ModifiedBgNbdModel, FitModifiedBgNbdOptions } from './clv/mbg-nbd/fit-modified-bg-nbd.js';
export { modifiedBgNbdFromJSON } from './clv/mbg-nbd/modified-bg-nbd-from-json.js';
export { simulateModifiedBgNbd } from './clv/mbg-nbd/simulate-modified-bg-nbd.js';
export type { SimulateModifiedBgNbdOptions } from './clv/mbg-nbd/simulate-modified-bg-nbd.js';
export { frequencyRecencyMatrix } from './clv/frequency-recency-matrix.js';
export type { FrequencyRecencyMatrix, FrequencyRecencyMatrixOptions } from './clv/frequency-recency-matrix.js';
export { fitBgBb, bgBbFromJSON } from './clv/bg-bb/fit-bg-bb.js';
export type { FitBgBbOptions, FittedBgBbModel, BgBbParamName } from './clv/bg-bb/fit-bg-bb.js';
export { simulateBgBb } from './clv/bg-bb/simulate-bg-bb.js';
export type { SimulateBgBbOptions, SimulatedBgBb } from './clv/bg-bb/simulate-bg-bb.js';
export { fitGammaGamma, gammaGammaFromJSON } from './clv/gamma-gamma/fit-gamma-gamma.js';
export type {
  FitGammaGammaOptions,
  FittedGammaGammaModel,
  GammaGammaExclusions,
  GammaGammaParamName,
  SpendColumns,
} from './clv/gamma-gamma/fit-gamma-gamma.js';
export { simulateGammaGamma } from './clv/gamma-gamma/simulate-gamma-gamma.js';
export type { SimulateGammaGammaOptions, SimulatedGammaGamma } from './clv/gamma-gamma/simulate-gamma-gamma.js';
export { frequencyMonetaryCorrelation } from './clv/gamma-gamma/frequency-monetary-correlation.js';
export type { FrequencyMonetaryCorrelation, FrequencyMonetaryCorrelationOptions } from './clv/gamma-gamma/frequency-monetary-correlation.js';
export { holdoutValidation } from './clv/holdout/holdout-validation.js';
export type { HoldoutValidation, HoldoutValidationOptions, HoldoutBucket, TrackingSeries } from './clv/holdout/holdout-validation.js';
export { fitParetoNbd } from './clv/pareto-nbd/fit-pareto-nbd.js';
export type { FitParetoNbdOptions } from './clv/pareto-nbd/fit-pareto-nbd.js';
export { paretoNbdFromJSON } from './clv/pareto-nbd/pareto-nbd-from-json.js';
export { simulateParetoNbd } from './clv/pareto-nbd/simulate-pareto-nbd.js';
export type { SimulateParetoNbdOptions, SimulatedParetoNbd } from './clv/pareto-nbd/simulate-pareto-nbd.js';
export type { ParetoNbdModel, ParetoNbdParamName } from './clv/pareto-nbd/pareto-nbd-model.js';
export type { ParetoNbdParams } from './clv/pareto-nbd/pareto-nbd-log-likelihood.js';
export { customerLifetimeValue } from './clv/customer-lifetime-value.js';
export type { CustomerLifetimeValue, CustomerLifetimeValueOptions, ClvAssumptions, ClvStep, ClvUnit } from './clv/customer-lifetime-value.js';
export { modelFromJSON } from './clv/model-from-json.js';
export type { RestoredModel } from './clv/model-from-json.js';
// CLV: shifted-beta-geometric contractual retention
export { fitShiftedBetaGeometric, shiftedBetaGeometricFromJSON } from './clv/sbg/fit-shifted-beta-geometric.js';
export type {
  FitShiftedBetaGeometricOptions,
  FittedShiftedBetaGeometricModel,
  SerializedSbgModel,
  SbgCustomers,
  SbgParamName,
} from './clv/sbg/fit-shifted-beta-geometric.js';
export type { SbgData, SbgCohort } from './clv/sbg/sbg-data.js';
export { simulateShiftedBetaGeometric } from './clv/sbg/simulate-shifted-beta-geometric.js';
export type { SimulateShiftedBetaGeometricOptions, SimulatedShiftedBetaGeometric } from './clv/sbg/simulate-shifted-beta-geometric.js';
// CLV: the rest of the prediction toolbox for BG/NBD, MBG/NBD, Pareto/NBD and BG/BB
export { conditionalTransactionPmf, probabilityNoTransactions } from './clv/toolbox/conditional-transaction-pmf.js';
export type { ConditionalTransactionPmf, ConditionalTransactionPmfOptions } from './clv/toolbox/conditional-transaction-pmf.js';
export { probabilityAliveAt } from './clv/toolbox/probability-alive-at.js';
export { discountedExpectedTransactions } from './clv/toolbox/discounted-expected-transactions.js';
export type { DiscountedExpectedTransactionsOptions } from './clv/toolbox/discounted-expected-transactions.js';
// CLV: model comparison
export { informationCriteria } from './clv/compare/information-criteria.js';
export type { InformationCriteria, FitSummaryForComparison } from './clv/compare/information-criteria.js';
export { likelihoodRatioTest } from './clv/compare/likelihood-ratio-test.js';
export type { LikelihoodRatioTest } from './clv/compare/likelihood-ratio-test.js';
export { decileCalibration } from './clv/compare/decile-calibration.js';
export type { DecileCalibration, CalibrationGroup } from './clv/compare/decile-calibration.js';
export { compareModels, COMPARABLE_MODELS } from './clv/compare/compare-models.js';
export type { CompareModelsOptions, ModelComparison, ModelScore, ComparableModelKind } from './clv/compare/compare-models.js';
export { probabilityAliveHistory } from './clv/toolbox/probability-alive-history.js';
export type { ProbabilityAliveHistory } from './clv/toolbox/probability-alive-history.js';
export { expectedFrequencyCounts } from './clv/toolbox/expected-frequency-counts.js';
export type { ExpectedFrequencyCounts } from './clv/toolbox/expected-frequency-counts.js';
// CLV: static covariates and prediction intervals
export { fitBgNbdWithCovariates } from './clv/covariates/fit-bg-nbd-with-covariates.js';
export type { BgNbdCovariateModel } from './clv/covariates/fit-bg-nbd-with-covariates.js';
export { fitParetoNbdWithCovariates } from './clv/covariates/fit-pareto-nbd-with-covariates.js';
export type { ParetoNbdCovariateModel } from './clv/covariates/fit-pareto-nbd-with-covariates.js';
export { fitGammaGammaWithCovariates } from './clv/covariates/fit-gamma-gamma-with-covariates.js';
export type { GammaGammaCovariateModel, FitGammaGammaWithCovariatesOptions, SpendWithCovariates } from './clv/covariates/fit-gamma-gamma-with-covariates.js';
export type { TransactionCovariateOptions } from './clv/covariates/covariate-options.js';
export type { CovariateSpec } from './clv/covariates/covariate-columns.js';
export type {
  CovariateCoefficients,
  CovariateColumns,
  CovariateModelExtras,
  CovariateTransactionModel,
  RfmWithCovariates,
} from './clv/covariates/covariate-model.js';
export { simulateBgNbdWithCovariates } from './clv/covariates/simulate-bg-nbd-with-covariates.js';
export type { SimulateBgNbdWithCovariatesOptions } from './clv/covariates/simulate-bg-nbd-with-covariates.js';
export { simulateParetoNbdWithCovariates } from './clv/covariates/simulate-pareto-nbd-with-covariates.js';
export type { SimulateParetoNbdWithCovariatesOptions, ParetoNbdCovariateSimulation } from './clv/covariates/simulate-pareto-nbd-with-covariates.js';
export { simulateGammaGammaWithCovariates } from './clv/covariates/simulate-gamma-gamma-with-covariates.js';
export type { SimulateGammaGammaWithCovariatesOptions } from './clv/covariates/simulate-gamma-gamma-with-covariates.js';
export { predictionIntervals } from './clv/intervals/prediction-intervals.js';
export type { PredictionIntervals, PredictionIntervalsOptions, IntervalColumns } from './clv/intervals/prediction-intervals.js';
export type { IntervalOptions } from './clv/intervals/interval-options.js';
// CLV: saving covariate models (clvkit-model version 2; modelFromJSON restores them)
export { covariateModelFromJSON } from './clv/covariates/covariate-model-from-json.js';
export type { RestoredCovariateModel } from './clv/covariates/covariate-model-from-json.js';
export type { SerializedCovariateModel, SerializedCovariateBlock } from './clv/covariates/covariate-model-json.js';
// CLV: models from given parameters; the naming scheme's names (README "API naming")
export { bgNbdModel } from './clv/bg-nbd/bg-nbd-model.js';
export { modifiedBgNbdModel } from './clv/mbg-nbd/modified-bg-nbd-model.js';
export { paretoNbdModel } from './clv/pareto-nbd/pareto-nbd-from-params.js';
export { bgBbModel } from './clv/bg-bb/bg-bb-model.js';
export { gammaGammaModel } from './clv/gamma-gamma/gamma-gamma-model.js';
export type { CalendarModelOptions } from './clv/core/given-params.js';
export type { BgParams } from './clv/bg-nbd/bg-family.js';
export type { BgBbParams } from './clv/bg-bb/bg-bb-log-likelihood.js';
export type { GammaGammaParams } from './clv/gamma-gamma/gamma-gamma-log-likelihood.js';
export type { BgBbModel } from './clv/bg-bb/fit-bg-bb.js';
export type { GammaGammaModel } from './clv/gamma-gamma/fit-gamma-gamma.js';
export type { BgBbSimulation } from './clv/bg-bb/simulate-bg-bb.js';
export type { ParetoNbdSimulation } from './clv/pareto-nbd/simulate-pareto-nbd.js';
export type { GammaGammaSimulation } from './clv/gamma-gamma/simulate-gamma-gamma.js';
export type { ModifiedBgNbdSimulation } from './clv/mbg-nbd/simulate-modified-bg-nbd.js';
// Options of the spend prediction (zero-value purchases valued at the population mean, or an error).
export type { SpendPredictionOptions } from './clv/gamma-gamma/fit-gamma-gamma.js';

// Value: explicit / growth / potential, the value matrix, one-call scoring
export { valueDecomposition, applyValueModel } from './value/value-decomposition.js';
export type {
  ValueDecomposition,
  ValueDecompositionOptions,
  ApplyValueModelOptions,
  ValueInput,
  ValueSnapshots,
  ProductGap,
  BenchmarkLevel,
} from './value/value-decomposition.js';
export { valueModelFromJSON } from './value/value-model.js';
export type { ValueModel, ValueAssumptions, TierRetention, RetentionSource, PeerBenchmark, ProductGapStat, GrowthFade } from './value/value-model.js';
export { valueMatrix, VALUE_CELLS, VALUE_CELL_TREATMENTS } from './value/value-matrix.js';
export type { ValueMatrix, ValueMatrixOptions, ValueMatrixRow, ValueCell, ValueCellTreatment, ValueParts } from './value/value-matrix.js';
export { theilSenSlope } from './value/theil-sen-slope.js';
export type { TheilSenSlopeOptions } from './value/theil-sen-slope.js';
// Value: sBG tier retention (used by valueDecomposition's retentionModel: 'sbg')
export { tierRetentionSbg } from './value/tier-retention-sbg.js';
export type { TierRetentionSbg, TierRetentionSbgInput, TierRetentionSbgOptions, GroupRetentionSbg } from './value/tier-retention-sbg.js';
// Theil–Sen size cap
export { MAX_THEIL_SEN_POINTS } from './value/theil-sen-slope.js';
export { scoreCustomers, applyScoringModel, SCORING_TRANSACTION_MODELS, NO_TRANSACTIONS_SEGMENT } from './scoring/score-customers.js';
export type {
  ScoreCustomersOptions,
  ApplyScoringModelOptions,
  CustomerScores,
  CustomerScoreRecord,
  ScoringDiagnostics,
  ScoringInput,
  ScoringCustomers,
  ScoringTransactionModel,
} from './scoring/score-customers.js';
export { scoringModelFromJSON, PEER_GROUP_SOURCES } from './scoring/scoring-model.js';
export type { ScoringModel, ScoringModelJson, ScoringRfm, PeerGroupSource } from './scoring/scoring-model.js';
export { recordsToCsv, neutraliseCsvText } from './scoring/records-to-csv.js';
export type { RecordsToCsvOptions, CsvCell } from './scoring/records-to-csv.js';
export type { SkippedPart } from './scoring/customer-scores.js';
export type { PeerGroupSetting } from './scoring/scoring-model.js';
export { SKIPPABLE_CODES } from './scoring/scoring-stages.js';
// Bounded-memory scoring: a fitted model applied to customers streamed in chunks, records streamed out
export { scoreStream, STREAM_ANCHOR_ID } from './scoring/score-stream.js';
export type { ScoreStreamOptions, ScoringSource } from './scoring/score-stream.js';
export { bookChunks } from './scoring/book-chunks.js';
export type { BookChunksOptions } from './scoring/book-chunks.js';
export { bookFirstPurchaseDay } from './scoring/book-first-purchase-day.js';
export { scoreRecordsToCsv, SCORE_RECORD_COLUMNS } from './scoring/score-records-csv.js';
export type { ScoreRecordsToCsvOptions } from './scoring/score-records-csv.js';
export { writeScoresCsv, writeScoresJsonl } from './scoring/write-scores.js';
export type { WrittenScores, ScoreRecordChunks } from './scoring/write-scores.js';
export type { WriteScoresCsvOptions } from './scoring/write-scores.js';
// Streaming sources and outputs: a book's sorted CSV / Parquet / DuckDB / PostgreSQL parts in chunks of whole customers; Parquet out through DuckDB
export { streamBook } from './scoring/sources/stream-book.js';
export type { StreamBookOptions, BookStream, BookExtent } from './scoring/sources/stream-book.js';
export { writeScoresParquet } from './scoring/write-scores-parquet.js';

// Display: records, head, describe, compact printing, Jupyter MIME bundles, model summaries
export { columnsToRecords } from './display/records.js';
export type { RecordCell, ResultRecord, RecordColumn } from './display/records.js';
export { withDisplay, displayRecords, recordColumns, NODE_INSPECT, DENO_INSPECT, JUPYTER_DISPLAY } from './display/with-display.js';
export type { Displayed, DisplayedRecords, TableDisplay, MimeBundle } from './display/with-display.js';
export type { TableSpec } from './display/table-spec.js';
export type { ColumnDescription } from './display/describe-columns.js';
export { summarizeModel, describeModel } from './display/model-summary.js';
export type { ModelSummary, ParameterEstimate } from './display/model-summary.js';
export type { ModelDisplay } from './display/model-display.js';
