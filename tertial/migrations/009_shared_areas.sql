-- A shared set of areas for comparisons across organisations, and each organisation's
-- placement of its own areas (fokusområden, målområden …) in it. Both are read from
-- user-editable files (data/shared_areas.csv, data/shared_areas/<organisation>.csv) by
-- tertial.shared_areas, all files in one transaction; the tables are replaced whole on
-- every load. An organisation's own area with no shared area yet is a row with
-- shared_area NULL: its goals are not placed. Nothing here touches an organisation's own
-- areas, its focus areas or its crosswalk.

CREATE TABLE shared_areas (
    shared_area  VARCHAR PRIMARY KEY,
    description  VARCHAR,
    position     INTEGER NOT NULL,   -- the order of the list's rows
    source_file  VARCHAR NOT NULL,
    source_line  INTEGER NOT NULL
);

CREATE TABLE shared_area_map (
    organisation_id INTEGER NOT NULL,
    area_name       VARCHAR NOT NULL,   -- one of the organisation's own areas (areas.name)
    shared_area     VARCHAR,            -- NULL: not placed yet
    reason          VARCHAR,            -- the file's motivering
    source_file     VARCHAR NOT NULL,
    source_line     INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, area_name)
);
