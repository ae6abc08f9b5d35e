-- One database per service (DESIGN.md: no service reads another's database).
CREATE DATABASE linkage_intake;
CREATE DATABASE linkage_dv_referral;
CREATE DATABASE linkage_legal_aid;
CREATE DATABASE linkage_elder_care;
CREATE DATABASE linkage_case_timeline;
