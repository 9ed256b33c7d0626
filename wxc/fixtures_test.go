package wxc

// Wire examples from the spec (§2.2–§2.5, §1.4, §6).

// person15 is the realistic mid-2024 person GET response: 15 call types in service order.
const person15 = `{
  "useCustomEnabled": false,
  "useCustomPermissions": false,
  "callingPermissions": [
    {"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "LOCAL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "TOLL_FREE", "action": "ALLOW", "transferEnabled": true},
    {"callType": "TOLL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "NATIONAL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "INTERNATIONAL", "action": "BLOCK", "transferEnabled": false},
    {"callType": "OPERATOR_ASSISTED", "action": "ALLOW", "transferEnabled": true},
    {"callType": "CHARGEABLE_DIRECTORY_ASSISTED", "action": "ALLOW", "transferEnabled": true},
    {"callType": "SPECIAL_SERVICES_I", "action": "ALLOW", "transferEnabled": true},
    {"callType": "SPECIAL_SERVICES_II", "action": "ALLOW", "transferEnabled": true},
    {"callType": "PREMIUM_SERVICES_I", "action": "BLOCK", "transferEnabled": false},
    {"callType": "PREMIUM_SERVICES_II", "action": "BLOCK", "transferEnabled": false},
    {"callType": "CASUAL", "action": "BLOCK", "transferEnabled": false},
    {"callType": "URL_DIALING", "action": "ALLOW", "transferEnabled": true},
    {"callType": "UNKNOWN", "action": "ALLOW", "transferEnabled": true}
  ]
}`

// person15Configure is what Configure sends for person15 with the default drop set.
const person15Configure = `{
  "useCustomEnabled": false,
  "useCustomPermissions": false,
  "callingPermissions": [
    {"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "LOCAL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "TOLL_FREE", "action": "ALLOW", "transferEnabled": true},
    {"callType": "TOLL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "NATIONAL", "action": "ALLOW", "transferEnabled": true},
    {"callType": "INTERNATIONAL", "action": "BLOCK", "transferEnabled": false},
    {"callType": "OPERATOR_ASSISTED", "action": "ALLOW", "transferEnabled": true},
    {"callType": "CHARGEABLE_DIRECTORY_ASSISTED", "action": "ALLOW", "transferEnabled": true},
    {"callType": "SPECIAL_SERVICES_I", "action": "ALLOW", "transferEnabled": true},
    {"callType": "SPECIAL_SERVICES_II", "action": "ALLOW", "transferEnabled": true},
    {"callType": "PREMIUM_SERVICES_I", "action": "BLOCK", "transferEnabled": false},
    {"callType": "PREMIUM_SERVICES_II", "action": "BLOCK", "transferEnabled": false}
  ]
}`

// entityPerms is a 2024-11+ style workspace/virtual-line response with unknown members.
const entityPerms = `{
  "useCustomEnabled": true,
  "useCustomPermissions": true,
  "callingPermissions": [
    {"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true, "isCallTypeRestrictionEnabled": false},
    {"callType": "INTERNATIONAL", "action": "BLOCK", "transferEnabled": false, "isCallTypeRestrictionEnabled": true, "newMember": {"a": 1}},
    {"callType": "MADE_UP", "action": "QUARANTINE", "transferEnabled": true}
  ],
  "futureSetting": [1, 2, 3]
}`

// entityPermsConfigure is what Configure sends back for entityPerms (non-location kinds).
const entityPermsConfigure = `{
  "useCustomEnabled": true,
  "useCustomPermissions": true,
  "callingPermissions": [
    {"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true, "isCallTypeRestrictionEnabled": false},
    {"callType": "INTERNATIONAL", "action": "BLOCK", "transferEnabled": false, "isCallTypeRestrictionEnabled": true, "newMember": {"a": 1}},
    {"callType": "MADE_UP", "action": "QUARANTINE", "transferEnabled": true}
  ],
  "futureSetting": [1, 2, 3]
}`

// locationPerms is the OAS26-style location GET response.
const locationPerms = `{"callingPermissions": [
  {"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true},
  {"callType": "TOLL_FREE", "action": "ALLOW", "transferEnabled": true},
  {"callType": "INTERNATIONAL", "action": "BLOCK", "transferEnabled": false},
  {"callType": "NATIONAL", "action": "ALLOW", "transferEnabled": true}
]}`

const transferEntity = `{"useCustomTransferNumbers": true, "autoTransferNumber1": "+1205553650", "autoTransferNumber2": "+1205553651", "autoTransferNumber3": null}`

const transferLocation = `{"autoTransferNumber1": "1234456789", "autoTransferNumber2": "2234567891", "autoTransferNumber3": "3234567891"}`

const accessCodesResp = `{
  "useCustomAccessCodes": true,
  "accessCodes": [
    {"code": "4856", "description": "Marketing's access code", "level": "CUSTOM"},
    {"code": "3421", "description": "Finance's access code", "level": "LOCATION", "extra": 1}
  ]
}`

const locationAccessCodesResp = `{"accessCodes": [{"code": "1357", "description": "Main Access Code"}, {"code": "2468", "description": "Second"}]}`

const digitPatternsResp = `{
  "useCustomDigitPatterns": false,
  "digitPatterns": [
    {"id": "Y2lzY29zcGFyazovL3VzL1NDSEVEVUxFL1FWVlVUMEZVVkVWT1JFRk9WQzFDVlZOSlRrVlRVeTFJVDFWU1V3",
     "name": "DigitPattern1", "pattern": "2XXXX", "action": "ALLOW", "transferEnabled": false},
    {"id": "Y2lzY29zcGFyazovL3VzL1NDSEVEVUxFL1FWVlVUMEZVVkVWT1JFRk9WQzFDVlZOSlRrVlRVeTFJVDFWU1V5",
     "name": "DigitPattern2", "pattern": "1XXXX", "action": "ALLOW", "transferEnabled": false}
  ]
}`

const digitPatternResp = `{"id": "DP1", "name": "n", "pattern": "+496196!", "action": "BLOCK", "transferEnabled": true, "priority": 3}`
