-- A tiny GA4GH registry dump in the form of ga4gh/ga4gh-registry (schema and rows in one file).
CREATE TABLE ga4gh_schema.release_status (
    id text NOT NULL,
    status text NOT NULL
);
CREATE TABLE ga4gh_schema.standard_category (
    id text NOT NULL,
    category text NOT NULL
);
CREATE TABLE ga4gh_schema.work_stream (
    id text NOT NULL,
    name text NOT NULL,
    abbreviation text
);
CREATE TABLE ga4gh_schema.standard (
    id text NOT NULL,
    name text NOT NULL,
    standard_category_id text NOT NULL,
    summary text NOT NULL,
    description text NOT NULL,
    documentation_url text NOT NULL,
    release_status_id text NOT NULL,
    artifact text,
    abbreviation text,
    work_stream_id text NOT NULL
);
CREATE TABLE ga4gh_schema.standard_version (
    id text NOT NULL,
    standard_id text NOT NULL,
    version_number text NOT NULL,
    documentation_url text NOT NULL,
    release_status_id text NOT NULL
);
INSERT INTO ga4gh_schema.organization (id, name, short_name, url) VALUES ('org.ga4gh', 'Global Alliance for Genomics and Health', 'GA4GH', 'https://ga4gh.org');
INSERT INTO ga4gh_schema.release_status VALUES ('0', 'Proposed'), ('1', 'Approved');
INSERT INTO ga4gh_schema.standard_category VALUES ('0', 'FileFormat');
INSERT INTO ga4gh_schema.standard_category VALUES ('1', 'API');
INSERT INTO ga4gh_schema.work_stream VALUES ('org.ga4gh.workstream.cloud', 'Cloud', NULL);
INSERT INTO ga4gh_schema.work_stream VALUES ('org.ga4gh.workstream.lsg', 'Large Scale Genomics', 'LSG');
INSERT INTO ga4gh_schema.standard VALUES ('drs', 'Data Repository Service', '1', 'Access data wherever it is stored', 'Long text.', 'https://github.com/ga4gh/data-repository-service-schemas', '1', 'drs', 'DRS', 'org.ga4gh.workstream.cloud');
INSERT INTO ga4gh_schema.standard VALUES ('vcf', 'Variant Call Format', '0', 'The specifications for VCF', 'VCF.', 'https://samtools.github.io/hts-specs/VCFv4.3.pdf', '1', 'vcf', 'VCF', 'org.ga4gh.workstream.lsg');
INSERT INTO ga4gh_schema.standard VALUES ('crypt4gh', 'Crypt4GH', '0', 'Encrypt genomic data', 'C.', 'http://samtools.github.io/hts-specs/crypt4gh.pdf', '1', 'crypt4gh', NULL, 'org.ga4gh.workstream.lsg');
INSERT INTO ga4gh_schema.standard VALUES ('rnaget', 'RNAget', '1', 'Download RNA expression matrices; it''s a REST API', 'R.', 'https://github.com/ga4gh-rnaseq/schema', '0', 'rnaget', NULL, 'org.ga4gh.workstream.lsg');
INSERT INTO ga4gh_schema.standard VALUES ('wes', 'Workflow Execution Service', '1', 'Run workflows', 'W.', 'https://samtools.github.io/hts-specs/BCFv2_qref.pdf', '1', 'wes', 'WES', 'org.ga4gh.workstream.cloud');
INSERT INTO ga4gh_schema.standard VALUES ('bcf', 'Binary Variant Call Format', '0', 'Binary VCF', 'B.', 'https://samtools.github.io/hts-specs/BCFv2_qref.pdf', '1', 'bcf', 'BCF', 'org.ga4gh.workstream.lsg');
INSERT INTO ga4gh_schema.standard_version VALUES
    ('drs:1.0.0', 'drs', '1.0.0', 'https://ga4gh.github.io/data-repository-service-schemas/preview/release/drs-1.0.0/docs/', '1'),
    ('rnaget:1.0.0', 'rnaget', '1.0.0', 'https://ga4gh-rnaseq.github.io/schema/release/1.0.0/', '1'),
    ('rnaget:2.0.0', 'rnaget', '2.0.0', 'https://ga4gh-rnaseq.github.io/schema/release/2.0.0/', '0');
INSERT INTO ga4gh_schema.organization (id, name, short_name, url) VALUES ('eu.crg', 'Centre for Genomic Regulation', 'CRG', 'https://www.crg.eu/'), ('com.example', 'Example Company', NULL, 'https://example.com');
INSERT INTO ga4gh_schema.implementation (id, standard_version_id, name, organization_id, version, category) VALUES ('eu.crg.rnaget', 'rnaget:1.0.0', 'CRG RNAget Reference Implementation', 'eu.crg', '1.0.0', 'deployment'), ('com.example.drs', 'drs:1.0.0', 'Example DRS', 'com.example', '1', 'deployment'), ('org.ga4gh.drs', 'drs:1.0.0', 'DRS reference server', 'org.ga4gh', '1', 'implementation');
