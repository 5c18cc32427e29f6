-- fenji's grading (grading-model.md, rule set cn-2022, §1 and §3–§8) written as one DuckDB query:
-- the peer of packages/domain/src/assess.ts in bench/.
--
-- Input: version-resolved tables (the winning version of every key, records.md §3), built by
-- bench/peer.ts from the same files fenji reads:
--   ent(uscc, category, licensedOn DATE, status)
--   ins(uscc, recordId, inspectedOn DATE, scope, result, keyItemsFailed, generalItemsFailed, status)
--   smp(uscc, recordId, sampledOn DATE, kind, level, result, notifiedOn DATE, recheckRequestedOn DATE,
--       recheckResult, recheckConcludedOn DATE, status)
--   pen(uscc, recordId, decidedOn DATE, procedure, violation, measures VARCHAR[], fineYuan,
--       aggravated, incident, recallFailure, seriousListing, intentional (NULL = unknown),
--       repairedOn DATE, delistedOn DATE, status)
--   cal(day DATE, working BOOLEAN): the holiday file's public-holiday dates (false) and make-up
--       working days (true), deadlines.md §1
-- Parameter: SET VARIABLE as_of = DATE 'YYYY-MM-DD' (the grading date D).
-- Output: one row per active enterprise profile (and overturnedSamplings, not compared). Not
-- computed here: factors, warnings (delisting_invalid, banned_person_in_charge) and nextChangeOn.
WITH
d AS (
  SELECT
    getvariable('as_of')::DATE AS on_date,
    -- "within N months" = addMonths(D, -N) < date <= D (§1); DuckDB clamps month ends like addMonths.
    CAST(getvariable('as_of')::DATE - to_months(12) AS DATE) AS b12,
    CAST(getvariable('as_of')::DATE - to_months(24) AS DATE) AS b24,
    CAST(getvariable('as_of')::DATE - to_months(36) AS DATE) AS b36,
    -- FSL-88: a re-test is requested within 7 working days (cn-2022 deadlines.recheckWorkingDays).
    7 AS recheck_working_days
),
-- §3 categories: sector, static points (tier I 5, II 15, III 25, IV 35) and flags.
cat(category, sector, static_points, special, keyflag) AS (
  VALUES
    ('infant_formula', 'food_production', 35, true, false),
    ('fsmp', 'food_production', 35, true, false),
    ('health_food', 'food_production', 35, true, false),
    ('infant_food', 'food_production', 35, false, false),
    ('dairy', 'food_production', 35, false, false),
    ('meat', 'food_production', 35, false, false),
    ('beverage', 'food_production', 25, false, false),
    ('frozen_food', 'food_production', 25, false, false),
    ('bean_product', 'food_production', 25, false, false),
    ('pastry', 'food_production', 25, false, false),
    ('condiment', 'food_production', 15, false, false),
    ('grain_product', 'food_production', 15, false, false),
    ('edible_oil', 'food_production', 15, false, false),
    ('tea_sugar', 'food_production', 5, false, false),
    ('bulk_cooked_food', 'food_sales', 25, false, false),
    ('bulk_food', 'food_sales', 15, false, false),
    ('special_food_retail', 'food_sales', 15, false, false),
    ('prepackaged_food', 'food_sales', 5, false, false),
    ('central_kitchen', 'catering', 35, false, true),
    ('collective_meal', 'catering', 35, false, true),
    ('school_canteen', 'catering', 35, false, true),
    ('restaurant', 'catering', 25, false, false),
    ('unit_canteen', 'catering', 25, false, false),
    ('fast_food_snack', 'catering', 15, false, false),
    ('beverage_shop', 'catering', 5, false, false),
    ('drug_high_risk', 'drug_manufacturing', 35, false, true),
    ('drug_manufacturer', 'drug_manufacturing', 25, false, false),
    ('drug_wholesale', 'drug_distribution', 15, false, false),
    ('pharmacy', 'drug_retail', 15, false, false),
    ('device_class3', 'medical_device', 35, false, false),
    ('device_class2', 'medical_device', 25, false, false),
    ('device_class1', 'medical_device', 15, false, false),
    ('device_retail', 'medical_device', 5, false, false),
    ('cosmetics_special', 'cosmetics', 35, false, false),
    ('cosmetics_general', 'cosmetics', 25, false, false),
    ('cosmetics_retail', 'cosmetics', 5, false, false)
),
-- §1: an enterprise whose profile is revoked gets no assessment.
e AS (
  SELECT ent.uscc, ent.licensedOn, cat.sector, cat.static_points, cat.special, cat.keyflag
  FROM ent JOIN cat USING (category)
  WHERE ent.status = 'active'
),
-- §1: only active records dated on or before D.
ia AS (
  SELECT
    uscc,
    -- §4 inspection points within 12 months.
    sum(CASE WHEN inspectedOn > b12 THEN
      CASE result
        WHEN 'basically_compliant' THEN least(10, 2 * generalItemsFailed)
        WHEN 'non_compliant' THEN least(30, 10 + 5 * keyItemsFailed + 2 * generalItemsFailed)
        WHEN 'obstructed' THEN 30
        ELSE 0 END
      ELSE 0 END) AS points12,
    bool_or(scope = 'full' AND inspectedOn > b24) AS full24,
    bool_or(scope = 'full' AND result = 'compliant' AND inspectedOn > b24) AS compliant_full24,
    bool_or(result = 'obstructed' AND inspectedOn > b36) AS obstructed36,
    bool_or(result = 'obstructed' AND inspectedOn > b12) AS obstructed12,
    bool_or(result = 'non_compliant' AND inspectedOn > b12) AS non_compliant12,
    bool_or(result <> 'compliant' AND inspectedOn > b12) AS not_compliant12,
    bool_or(result IN ('non_compliant', 'obstructed') AND inspectedOn > b36) AS bad36
  FROM ins, d
  WHERE status = 'active' AND inspectedOn <= on_date
  GROUP BY uscc
),
-- §4 the samplings that can score: active failures seen by D (passes never score).
sf AS (
  SELECT uscc, recordId, sampledOn, kind, level, notifiedOn, recheckRequestedOn, recheckResult, recheckConcludedOn
  FROM smp, d
  WHERE status = 'active' AND sampledOn <= on_date AND result = 'fail'
),
-- FSL Art. 88 (deadlines.md §3): a failure whose re-test was requested by D. Its window opens on
-- the day the result was served (notifiedOn, when seen by D), else on sampledOn.
rq AS (
  SELECT
    uscc,
    recordId,
    recheckRequestedOn,
    recheckResult,
    recheckConcludedOn,
    CASE WHEN notifiedOn <= on_date THEN notifiedOn ELSE sampledOn END AS opened_on
  FROM sf, d
  WHERE recheckRequestedOn <= on_date
),
-- deadlines.md §1: every date from the first window's opening to 60 days after the last one's
-- (7 working days take at most ~3 weeks, Spring Festival included), numbered by how many working
-- days there are up to it. A working day is a make-up working day (cal.working), or Monday to
-- Friday that is not a holiday (a year without a notice: Monday to Friday).
wd AS (
  SELECT day, working, sum(working::INT) OVER (ORDER BY day) AS n
  FROM (
    SELECT t.day, coalesce(cal.working, isodow(t.day) <= 5) AS working
    FROM (
      SELECT CAST(unnest(generate_series(min(opened_on), max(opened_on) + 60, INTERVAL 1 DAY)) AS DATE) AS day
      FROM rq
    ) AS t
    LEFT JOIN cal USING (day)
  )
),
-- Overturned: requested by recheckUntil (the 7th working day after the opening day, which is not
-- counted), re-test passed and concluded by D. Such a sampling counts as a pass everywhere below.
ov AS (
  SELECT rq.uscc, rq.recordId
  FROM rq
  CROSS JOIN d
  JOIN wd AS o ON o.day = rq.opened_on
  JOIN wd AS u ON u.working AND u.n = o.n + d.recheck_working_days
  WHERE rq.recheckRequestedOn <= u.day AND rq.recheckResult = 'pass' AND rq.recheckConcludedOn <= d.on_date
),
-- Each failure with the result it counts as: a pass when overturned.
sg AS (
  SELECT
    sf.uscc,
    sf.sampledOn,
    sf.kind,
    sf.level,
    CASE WHEN ov.recordId IS NULL THEN 'fail' ELSE 'pass' END AS result,
    ov.recordId IS NOT NULL AS overturned
  FROM sf
  LEFT JOIN ov USING (uscc, recordId)
),
sa AS (
  SELECT
    uscc,
    count(*) FILTER (WHERE overturned)::INT AS overturned,
    -- §4 sampling points for failures within 12 months (monitoring: listed, never scored).
    sum(CASE WHEN result = 'fail' AND sampledOn > b12 THEN
      CASE
        WHEN kind = 'supervisory' AND level IN ('national', 'provincial') THEN 10
        WHEN kind = 'supervisory' THEN 8
        WHEN kind = 'evaluative' THEN 5
        ELSE 0 END
      ELSE 0 END) AS points12,
    bool_or(result = 'fail' AND kind = 'supervisory' AND sampledOn > b12) AS fail_supervisory12,
    bool_or(result = 'fail' AND kind IN ('supervisory', 'evaluative') AND sampledOn > b12) AS fail_sup_eval12,
    bool_or(result = 'fail' AND kind = 'supervisory' AND level IN ('national', 'provincial') AND sampledOn > b12)
      AS fail_national_provincial12,
    bool_or(result = 'fail' AND kind = 'supervisory' AND sampledOn > b36) AS fail_supervisory36
  FROM sg, d
  GROUP BY uscc
),
p0 AS (
  SELECT
    pen.*,
    d.*,
    list_has_any(measures, ['suspension', 'license_revoked', 'trade_ban', 'closure']) AS heavy,
    (len(measures) = 1 AND measures[1] = 'warning') AS warning_alone,
    decidedOn > b12 AS in12,
    decidedOn > b36 AS in36,
    -- PUB-45 publicity end: 3 months for warning/fine-only decisions under ¥100,000, else 36.
    CAST(decidedOn + to_months(
      CASE WHEN len(list_filter(measures, lambda m: m NOT IN ('warning', 'fine'))) = 0 AND fineYuan < 100000
        THEN 3 ELSE 36 END) AS DATE) AS publicity_end,
    CAST(decidedOn + to_months(36) AS DATE) AS listing_expires
  FROM pen, d
  WHERE status = 'active' AND decidedOn <= on_date
),
p AS (
  SELECT
    *,
    -- §5: counts for credit while published, ordinary, more than a warning, not repaired.
    procedure = 'ordinary' AND NOT warning_alone AND (repairedOn IS NULL OR repairedOn > on_date)
      AND on_date < publicity_end AS counting
  FROM p0
),
-- §8: active listings; an early removal is void when an aggravated or heavy penalty was
-- decided after the listing and on or before the removal.
listing AS (
  SELECT l.uscc, l.recordId, l.decidedOn
  FROM p AS l
  WHERE l.seriousListing AND l.on_date < l.listing_expires
    AND (l.delistedOn IS NULL OR l.delistedOn > l.on_date OR EXISTS (
      SELECT 1 FROM p AS q
      WHERE q.uscc = l.uscc AND q.recordId <> l.recordId AND (q.aggravated OR q.heavy)
        AND q.decidedOn > l.decidedOn AND q.decidedOn <= l.delistedOn))
),
shown AS (
  -- the one decided last; ties: the greatest recordId
  SELECT uscc, recordId AS listing_id
  FROM listing
  QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY decidedOn DESC, recordId DESC) = 1
),
pa AS (
  SELECT
    uscc,
    -- §4 penalty points for decisions within 12 months (first matching row).
    sum(CASE WHEN in12 THEN
      CASE
        WHEN heavy THEN 30
        WHEN aggravated THEN 20
        WHEN procedure = 'ordinary' AND NOT warning_alone THEN 10
        ELSE 2 END
      ELSE 0 END) AS points12,
    bool_or(counting) AS any_counting,
    bool_or(counting AND heavy) AS counting_heavy,
    count(*) FILTER (WHERE counting AND aggravated) AS counting_aggravated,
    bool_or(violation = 'obstruction' AND in36) AS obstruction36,
    bool_or(violation = 'obstruction' AND in12) AS obstruction12,
    bool_or(in36) AS any36,
    bool_or(procedure = 'ordinary' AND in36) AS ordinary36,
    bool_or(in12 AND intentional IS TRUE AND list_has_any(measures, ['fine', 'confiscation', 'suspension']))
      AS intentional12,
    bool_or(in12 AND incident) AS incident12,
    bool_or(in12 AND recallFailure) AS recall12,
    bool_or(in12 AND heavy) AS heavy12,
    -- §8 listing candidates: within 12 months, not listed, heavier, serious violation, intentional not false.
    string_agg(recordId, ',' ORDER BY recordId) FILTER (WHERE
      NOT seriousListing AND in12 AND (aggravated OR heavy) AND intentional IS DISTINCT FROM false
      AND violation IN ('unlicensed', 'non_food_material', 'illegal_additive', 'drug_added',
        'substandard_special_food', 'diseased_meat', 'unquarantined_meat', 'contaminant_exceedance',
        'expired_material', 'unregistered_special_food', 'false_label', 'counterfeit_drug',
        'substandard_drug', 'unapproved_drug', 'unregistered_device', 'cosmetics_harmful_additive',
        'obstruction', 'refuse_enforcement')) AS candidates
  FROM p
  GROUP BY uscc
),
g AS (
  SELECT
    e.uscc,
    e.sector,
    e.special,
    e.keyflag,
    e.static_points AS staticScore,
    -- §4 components, each capped; +5 "unverified" without a full inspection within 24 months.
    least(20, coalesce(ia.points12, 0) + CASE WHEN coalesce(ia.full24, false) THEN 0 ELSE 5 END) AS inspection_score,
    least(10, coalesce(sa.points12, 0)) AS sampling_score,
    least(20, coalesce(pa.points12, 0)) AS penalty_score,
    NOT coalesce(ia.full24, false) AS inspectionOverdue,
    sh.listing_id,
    coalesce(sa.overturned, 0) AS overturnedSamplings,
    pa.candidates,
    -- §5 class D conditions
    sh.listing_id IS NOT NULL AS d_listing,
    coalesce(pa.counting_heavy, false) AS d_heavy,
    coalesce(pa.counting_aggravated, 0) >= 2 AS d_repeat,
    coalesce(ia.obstructed36, false) OR coalesce(pa.obstruction36, false) AS d_obstruction,
    -- class C conditions
    coalesce(pa.any_counting, false) AS c_published,
    coalesce(sa.fail_supervisory12, false) AS c_failed_sample,
    coalesce(ia.non_compliant12, false) AS c_non_compliant,
    -- class A: licensed >= 24 months, no penalty within 36, no failed supervisory/evaluative
    -- sample within 12, every inspection within 12 compliant, a compliant full one within 24.
    e.licensedOn <= d.b24 AND NOT coalesce(pa.any36, false) AND NOT coalesce(sa.fail_sup_eval12, false)
      AND NOT coalesce(ia.not_compliant12, false) AND coalesce(ia.compliant_full24, false) AS a_clean,
    -- §6.1 raise: distinct trigger kinds within 12 months
    coalesce(sa.fail_national_provincial12, false)::INT
      + coalesce(pa.intentional12, false)::INT
      + coalesce(pa.incident12, false)::INT
      + coalesce(pa.recall12, false)::INT
      + (coalesce(ia.obstructed12, false) OR coalesce(pa.obstruction12, false))::INT AS raise_kinds,
    -- §6.2 lower: licensed >= 36 months; within 36 no non_compliant/obstructed inspection, no failed
    -- supervisory sample, no ordinary penalty; a compliant full inspection within 24.
    e.licensedOn <= d.b36 AND NOT coalesce(ia.bad36, false) AND NOT coalesce(sa.fail_supervisory36, false)
      AND NOT coalesce(pa.ordinary36, false) AND coalesce(ia.compliant_full24, false) AS lower_ok,
    -- §6.3 force D
    sh.listing_id IS NOT NULL OR coalesce(pa.heavy12, false) AS force_d
  FROM e
  CROSS JOIN d
  LEFT JOIN ia USING (uscc)
  LEFT JOIN sa USING (uscc)
  LEFT JOIN pa USING (uscc)
  LEFT JOIN shown AS sh USING (uscc)
),
c AS (
  SELECT
    *,
    CASE
      WHEN d_listing OR d_heavy OR d_repeat OR d_obstruction THEN 'D'
      WHEN c_published OR c_failed_sample OR c_non_compliant THEN 'C'
      WHEN a_clean THEN 'A'
      ELSE 'B' END AS creditClass,
    least(40, inspection_score + sampling_score + penalty_score) AS dynamicScore
  FROM g
),
s AS (
  SELECT *, CASE creditClass WHEN 'A' THEN 0 WHEN 'B' THEN 5 WHEN 'C' THEN 10 ELSE 20 END AS creditScore
  FROM c
),
b AS (
  SELECT
    *,
    staticScore + dynamicScore + creditScore AS riskScore,
    CASE
      WHEN staticScore + dynamicScore + creditScore <= 30 THEN 0
      WHEN staticScore + dynamicScore + creditScore <= 45 THEN 1
      WHEN staticScore + dynamicScore + creditScore <= 60 THEN 2
      ELSE 3 END AS base_idx
  FROM s
),
adj AS (
  SELECT
    *,
    CASE
      WHEN raise_kinds > 0 THEN least(3, base_idx + least(2, raise_kinds))
      WHEN base_idx > 0 AND lower_ok THEN base_idx - 1
      ELSE base_idx END AS adjusted_idx
  FROM b
),
f AS (
  SELECT *, CASE WHEN force_d THEN 3 ELSE adjusted_idx END AS grade_idx
  FROM adj
),
k AS (
  SELECT
    *,
    -- §7 key inspection (SAMR-49 Art. 22; FSL Art. 113 for credit C/D)
    (sector = 'food_production' AND (special OR grade_idx >= 2))
      OR (sector IN ('food_sales', 'catering') AND grade_idx = 3)
      OR keyflag
      OR (sector IN ('drug_manufacturing', 'drug_distribution', 'drug_retail', 'medical_device', 'cosmetics')
        AND grade_idx >= 2)
      OR creditClass IN ('C', 'D') AS keyInspection
  FROM f
)
SELECT
  uscc,
  staticScore,
  dynamicScore,
  creditScore,
  riskScore,
  ['A', 'B', 'C', 'D'][base_idx + 1] AS baseGrade,
  ['A', 'B', 'C', 'D'][grade_idx + 1] AS riskGrade,
  creditClass,
  CASE creditClass
    WHEN 'D' THEN concat_ws(',',
      CASE WHEN d_listing THEN 'serious_listing' END,
      CASE WHEN d_heavy THEN 'heavy_penalty' END,
      CASE WHEN d_repeat THEN 'repeat_aggravated' END,
      CASE WHEN d_obstruction THEN 'obstruction' END)
    WHEN 'C' THEN concat_ws(',',
      CASE WHEN c_published THEN 'published_penalty' END,
      CASE WHEN c_failed_sample THEN 'failed_supervisory_sample' END,
      CASE WHEN c_non_compliant THEN 'non_compliant_inspection' END)
    WHEN 'A' THEN 'clean_record'
    ELSE 'default' END AS creditReasons,
  keyInspection,
  -- cn-2022 inspections per year {min, max}: A {0.5, 1}, B {1, 2}, C {2, 3}, D {3, 4}; max when key.
  CASE grade_idx
    WHEN 0 THEN CASE WHEN keyInspection THEN 1 ELSE 0.5 END
    WHEN 1 THEN CASE WHEN keyInspection THEN 2 ELSE 1 END
    WHEN 2 THEN CASE WHEN keyInspection THEN 3 ELSE 2 END
    ELSE CASE WHEN keyInspection THEN 4 ELSE 3 END END::DOUBLE AS inspectionsPerYear,
  inspectionOverdue,
  -- adjustments that changed the grade: kind and levels, in order
  concat_ws(',',
    CASE WHEN adjusted_idx > base_idx THEN 'raise' || (adjusted_idx - base_idx) END,
    CASE WHEN adjusted_idx < base_idx THEN 'lower1' END,
    CASE WHEN force_d AND adjusted_idx < 3 THEN 'force_d' || (3 - adjusted_idx) END) AS adjustments,
  listing_id AS seriousListing,
  candidates AS listingCandidate,
  -- not compared: how many of its samplings a re-test overturned (coverage in peer.ts)
  overturnedSamplings
FROM k
