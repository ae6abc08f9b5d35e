#!/usr/bin/env bash
# The services, their ports and databases: one place for start.sh, stop.sh and docs.
SERVICES=(intake dv-referral legal-aid elder-care case-timeline)
declare -A SERVICE_PORT=([intake]=4101 [dv-referral]=4102 [legal-aid]=4103 [elder-care]=4104 [case-timeline]=4105)
declare -A SERVICE_DB=([intake]=linkage_intake [dv-referral]=linkage_dv_referral [legal-aid]=linkage_legal_aid [elder-care]=linkage_elder_care [case-timeline]=linkage_case_timeline)
