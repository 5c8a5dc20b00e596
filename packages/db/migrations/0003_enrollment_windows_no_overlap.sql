-- Two live enrollment windows never overlap: from priority opening to close, their spans are disjoint.
ALTER TABLE "enrollment_windows" ADD CONSTRAINT "enrollment_windows_no_overlap"
  EXCLUDE USING gist (tstzrange("priority_opens_at", "closes_at", '[)') WITH &&)
  WHERE ("cancelled_at" IS NULL);
