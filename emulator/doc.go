// Package emulator is a local stand-in for the Webex Calling "outgoing calling
// permissions" API family, for tests, demos and offline development.
//
// It is a library first: New builds a Server, Handler returns its
// http.Handler (mount it anywhere), Transport and HTTPClient serve requests
// with it in process (no socket; base URL InProcessBaseURL), and Listen
// serves it in the background. It does not import the SDK (package wxc): it
// is written from the wire specification so that it catches SDK bugs instead
// of repeating them.
//
//	srv, err := emulator.New(emulator.Options{Demo: true})
//	if err != nil { ... }
//	defer srv.Close()
//	baseURL, err := srv.Listen("127.0.0.1:0") // http://127.0.0.1:PORT/v1
//	// or, without a socket: base URL emulator.InProcessBaseURL, client srv.HTTPClient()
//
// Options.Validate checks options as New does. Options.Now injects the clock
// that the rate limiter and the logs read (Latency, Jitter and Listen's
// timeouts are real time).
//
// # What it serves
//
// Under /v1, for persons, workspaces, locations and virtual lines, exactly
// the paths of the specification (docs/spec §1.2-1.4):
//
//   - outgoingPermission GET/PUT: people/{id}/features/…,
//     workspaces/{id}/features/…, telephony/config/locations/{id}/…,
//     telephony/config/virtualLines/{id}/…
//   - autoTransferNumbers GET/PUT; for persons on the official
//     telephony/config/people/{id}/outgoingPermission/autoTransferNumbers
//   - accessCodes GET/POST/PUT/DELETE (person on telephony/config/people,
//     workspace on workspaces/{id}/features, virtual line), the location
//     access-code API (GET, POST {"accessCodes":[…]}, PUT {"deleteCodes":[…]},
//     DELETE), and DELETE telephony/config/workspaces/{id}/features/accessCodes/{code}
//   - digitPatterns: list GET, POST, PUT (category control), DELETE (all), and
//     /{id} GET/PUT/DELETE, for all four kinds (person and workspace on
//     telephony/config paths)
//   - lists: GET people (callingData, locationId, email, displayName, id,
//     max, orgId), GET people/{id}, GET locations, GET telephony/config/locations
//     (and /{id}), GET workspaces (locationId, calling, displayName, start,
//     max), GET telephony/config/virtualLines (locationId repeatable, start, max)
//   - discovery (testdata/openapi/discovery.openapi.yaml), the same in both
//     eras: GET telephony/config/locations and /{id} in the calling-location
//     shape (routingPrefix, callingLineId, outsideDialDigit, …; not the
//     /v1/locations shape), GET telephony/config/numbers, GET people/me, GET
//     licenses (see Discovery). licenses/{id} is not in the document and not
//     served.
//   - call routing: POST telephony/config/actions/testCallRouting/invoke for
//     PEOPLE originators (see Call routing)
//
// Admin endpoints live under /_emulator/, a prefix no API path uses, and are
// served by the same handler and listener as the API:
//
//	GET  /_emulator/health  {"status":"ok","apiEra":…,"orgId":…,"persistent":…}
//	POST /_emulator/reset   back to the seeded state (204); restarts the fault sequence
//	GET  /_emulator/faults  {"faultRate","faultStatuses","faultSeed","latency","jitter","rateLimit","rateBurst"}
//	PUT  /_emulator/faults  same members, each optional ("latency":"50ms"); answers the new settings
//	GET  /_emulator/org-faults  {"<orgId>": status, ...}: the org-scoped faults (see Organizations)
//	PUT  /_emulator/org-faults  the whole new map; {} clears it
//
// They are guarded, in this order:
//
//   - A request from a web page of another origin is 403: an Origin header
//     other than the emulator's own http(s)://host:port ("null" included), or
//     Sec-Fetch-Site cross-site or same-site. Programs (curl, SDKs, tests)
//     send no Origin.
//   - Every endpoint but GET (and HEAD) /_emulator/health needs the
//     full-admin token, Authorization: Bearer <Tokens().FullAdmin> (the
//     tokens.fullAdmin of `wxc emulator`'s ready line): 401 without a valid
//     token, 403 with another role's. Health needs none, so that a liveness
//     probe needs no secret; it tells nothing secret and changes nothing.
//   - A request with a body or a Content-Type must be application/json
//     (parameters such as charset allowed): else 415.
//
// So a page open in a developer's browser can no longer reset a --state
// emulator with a cross-site form post (403, and without the Origin a form is
// still 401 and 415), and a fetch cannot carry the token without a CORS
// preflight the emulator never answers. The full-admin token was chosen over
// a separate admin token because every caller already has it; with Demo it is
// the fixed demo-full-admin, so on a shared host the Origin and Content-Type
// checks, and a loopback listener, are what protect the endpoints.
//
// # Connections
//
// Listen serves with these limits (Options; zero is the default, negative is
// none; a Handler mounted elsewhere is governed by its own server):
//
//	ReadHeaderTimeout  10s  request line and headers
//	ReadTimeout        30s  the whole request, body included
//	WriteTimeout       30s  writing the response, from when the emulator answers
//	IdleTimeout        30s  a keep-alive connection waiting for its next request
//	MaxConns           512  connections served at once
//
// A client that stops sending its headers or body is disconnected, without an
// answer, when the read timeout passes; a cut-off request changes nothing. The
// emulator reads the (at most 1 MiB) body itself and then lifts the read
// deadline, and it restarts the write deadline after the injected latency:
// Latency and Jitter are not the client's fault and never count against the
// timeouts. An idle keep-alive connection is closed at IdleTimeout. Beyond
// MaxConns, new connections wait in the listen backlog (the TCP handshake
// completes; nothing is read) until a served one closes, as with
// golang.org/x/net/netutil.LimitListener; the timeouts make sure one does.
//
// # API eras
//
// Options.APIEra "current" (default) behaves as today's OpenAPI: GET lists
// the 10 call types of the OpenAPI enum, in its order, each entry with
// "isCallTypeRestrictionEnabled": false; person, workspace and virtual-line
// transfer-number GETs carry useCustomTransferNumbers; LOCAL and TOLL are
// rejected like any other unsettable type. "2024" is the mid-2024 service:
// person and workspace GETs list 15 types in the order of spec §2.2 (the 12
// settable types, then CASUAL BLOCK/false, URL_DIALING and UNKNOWN
// ALLOW/true); location and virtual-line GETs list the 12 settable types in
// SDK declaration order; LOCAL and TOLL can be set; there is no
// isCallTypeRestrictionEnabled and no useCustomTransferNumbers in GETs.
// Any other value makes New fail.
//
// # Behaviour and decisions
//
// Request bodies are validated completely before anything is written: a
// request answered 4xx changes nothing. Malformed JSON, wrong member types,
// an empty body and bodies over 1 MiB are 400. JSON null means "not given"
// everywhere. Unknown request members are ignored.
//
// Required members: a write that lacks a required member, or sends it as
// null, is 400 with errorCode 25008 and the message "<member> is required",
// the member named as a path (callingPermissions[1].transferEnabled,
// accessCodes[0].code). Required by default, with or without
// Options.StrictRequired:
//
//   - outgoingPermission PUT: callType in every callingPermissions entry
//     (every kind, both eras; the OpenAPI requires it for locations only,
//     but an entry without one names nothing to change); transferEnabled in
//     every person, location and virtual-line entry, and action in every
//     location entry (both eras). Workspace entries need only callType
//     (every member of the workspace schema is optional).
//   - access codes: code and description of a per-entity POST and of each
//     entry of the location POST, which also needs accessCodes; deleteCodes
//     in a location PUT (both eras). Per-entity access-code PUTs require
//     nothing.
//   - digit-pattern POST: name, pattern and action (both eras), and
//     transferEnabled in era current; in era 2024 it defaults to false
//     (wxc_sdk 1.19 leaves unset members out). Digit-pattern PUTs (category
//     control and /{id}) require nothing.
//
// Options.StrictRequired (`wxc emulator --strict-required`, off by default)
// adds the two top-level members the OpenAPI requires that wxc_sdk 1.19
// leaves out, both in era current only:
//
//   - callingPermissions in a person or virtual-line outgoingPermission PUT
//     (an empty list will do; not for workspaces or locations);
//   - useCustomTransferNumbers in a person, workspace or virtual-line
//     autoTransferNumbers PUT (the member was added 2024-07-26; locations
//     have none).
//
// The split follows the clients: the Go SDK writes every callingPermissions
// entry with action and transferEnabled and every location access-code PUT
// with deleteCodes, and the CLI also sends transferEnabled in every digit
// pattern it creates (false unless told), so requiring those by default
// refuses nothing they send. wxc_sdk, the reference client whose wire behaviour against the real
// service the specification records (outgoing-permissions-api.md
// §2.2–2.3), sends switch-only outgoing PUTs (no callingPermissions) and
// transfer-number PUTs without useCustomTransferNumbers, and the real
// service accepts them; requiring those by default would refuse requests
// Webex takes, so they are opt-in. Era 2024 never requires them.
//
//   - PUT callingPermissions merges by callType: listed types change, others
//     keep their value; within an entry an absent action (person, workspace,
//     virtual line) or transferEnabled (workspace; the other kinds require
//     it) keeps its value. CASUAL, URL_DIALING, UNKNOWN, unknown types (and LOCAL,
//     TOLL in era current) give 400 with errorCode 25024.
//   - Locations have no useCustomEnabled/useCustomPermissions: values sent
//     there (the SDK sends null) are ignored (spec §11 q9).
//   - Inheritance (q11): a person, workspace or virtual line whose
//     useCustomEnabled or useCustomPermissions is false reports its location's
//     callingPermissions. Its own values are stored all the same, kept while
//     the switch is off, and reported again when both switches are true.
//   - Custom off (q11, §3): with Options.CustomOff "keep" (the default;
//     `wxc emulator --custom-off keep`) switching to false clears nothing.
//     With "clear", a write that turns a switch from true to false first
//     forgets the values it governs: useCustomEnabled all four categories
//     (call-type permissions back to the factory defaults, no transfer
//     numbers, access codes or digit patterns), useCustomPermissions,
//     useCustomTransferNumbers, useCustomAccessCodes and
//     useCustomDigitPatterns their own category. Values in the same body are
//     applied after that; values written while a switch is off are stored
//     and kept; the switches themselves are left as sent; digit-pattern IDs
//     are still never reused. Locations have no switches and never clear.
//   - Transfer numbers: an omitted (or null) number keeps its value, "" clears
//     it; in era current an unset number is left out of the GET (decodes as
//     null; the OpenAPI declares the members as plain strings), in era 2024 it
//     is reported as null, as the mid-2024 service did. Accepted format: up to
//     40 characters, 2-20 digits, an optional leading '+', and '-', ' ', '(', ')'
//     as formatting; kept as sent (q7). A PUT is applied whatever
//     useCustomEnabled says (the 2022 "silently ignored" observation is not
//     modelled). Transfer numbers and access codes are never inherited.
//   - Access codes: 1-10 ASCII digits, a description of at most 255
//     characters (required on create), unique per entity (409, errorCode
//     25010), at most Options.MaxAccessCodes per entity (default 100, per
//     HELP; 400, errorCode 25011 beyond, q4). Per-entity POST takes one
//     {code, description}; the location POST takes {"accessCodes":[…]}, all
//     or nothing. Per-entity GET lists only the entity's own codes, level
//     CUSTOM; location codes are not listed there (q10). Location codes have
//     no level; a level sent on the location POST is ignored (q5).
//     deleteCodes naming codes that do not exist are ignored. The
//     single-code workspace DELETE answers 404 for an unknown code.
//   - Digit patterns: POST needs name, pattern, action and, in era current,
//     transferEnabled (in era 2024 it defaults to false; see Required
//     members) and answers 201 {"id"} as application/json. Names
//     are unique per entity (409, errorCode 25010), at most 500 patterns per
//     entity (400, errorCode 25011). Pattern syntax: an optional leading '+',
//     one or more of 0-9 X * #, an optional trailing '!' (any further digits);
//     at most 40 characters; names 1-80 characters. IDs are opaque
//     (ciscospark://us/DIGIT_PATTERN/<uuid>), derived from the entity and a
//     per-entity counter, so they are never reused on the entity. A location
//     accepts PUT …/digitPatterns (category control, sent by SDK24) with 204
//     and ignores it; the location list has no useCustomDigitPatterns (q8).
//   - AUTH_CODE and TRANSFER_NUMBER_n are accepted without checking that
//     codes or numbers exist (q12). 25321 is never used (q13).
//   - Person auto transfer numbers (q1): only the official
//     telephony/config/people path by default; the wxc_sdk path
//     people/{id}/features/outgoingPermission/autoTransferNumbers answers 404
//     as the real service does, unless Options.LegacyPersonTransferPath,
//     which serves it on the same state.
//   - An unknown method on a known path is 405, an unknown path 404, both in
//     the error shape below.
//
// # Errors
//
// Every response has a TrackingID header. Every error is
//
//	{"message":"…","errors":[{"description":"…","errorCode":N}],"trackingId":"…"}
//
// with Content-Type application/json. Error codes: 25024 call type cannot be
// updated; 25008 invalid input; 25010 duplicate; 25011 limit reached; 4008 not
// found; 1 unauthorized; 2 forbidden; 3 rate limited; 4 injected or internal
// fault. A recover middleware answers 500 should a handler ever panic.
//
// # Authorization
//
// Authorization: Bearer <token>; a missing or unknown token is 401. Tokens
// map to a role in an org. Without Demo or a seed file's tokens they are
// emu-full-admin, emu-read-only-admin, emu-location-admin, emu-user and
// emu-partner-admin; with Demo they are demo-full-admin,
// demo-read-only-admin, demo-location-admin, demo-user and
// demo-partner-admin. Server.Tokens reports them.
//
//   - full admin: everything in the primary customer org.
//   - read-only admin: every GET; any write is 403.
//   - location admin: entities of the first location of the primary org;
//     another location's entities are 403 (not 404: inside the org their
//     existence is no secret). Lists show the whole org.
//   - user (the first person of the primary org): GET people, people/{id},
//     people/me, licenses, locations and workspaces;
//     its own person outgoingPermission GET/PUT; the
//     workspaces/{id}/features/outgoingPermission[/accessCodes|/autoTransferNumbers]
//     endpoints of any workspace of its org. Everything on telephony/config
//     (the calling-location, number and virtual-line lists included) is 403.
//   - partner admin: a full admin of the customer orgs it manages (all seeded
//     customer orgs), chosen with the orgId query parameter; without orgId it
//     acts on its own (partner) org, which has no entities.
//
// orgId naming an org the caller may not manage (or that does not exist) is
// 403. An entity ID of another org is 404 (no existence leak). GET requests
// with a Content-Type header are fine. Scopes are not modelled; only roles.
//
// # Discovery
//
// What clients read to choose their test subjects. Every token is a person
// (people/me): the user token the first person of the primary org; the full,
// read-only and location admin tokens the people "Ada Admin", "Rhea Reader"
// and "Lars Local" of the primary org, the partner admin "Pat Partner" of the
// partner org. The admin people have Messaging and Meetings licences only (no
// Webex Calling, no location); GET people/{id} reads them, but GET people does
// not list them, so that Options.People stays the number of people listed.
//
// Every org has four licences (GET licenses): "Webex Calling - Professional"
// (held by every calling person), "Webex Calling - Workspaces" (calling
// workspaces), "Messaging" (everybody) and "Meeting - Webex Meeting Center"
// (the people without Webex Calling); people carry their licence IDs in
// "licenses". A person without Webex Calling is listed by GET people (after
// the calling people; with callingData=true it has no locationId, extension
// or phoneNumbers) and readable with people/{id}, but it is no calling
// entity: its settings endpoints answer 404 and it owns no number.
//
// Calling locations carry a routing prefix (801, 802, … by location order),
// a calling line ID (the location's name and its main number), outside dial
// digit 9, and in the single GET the required members of the document
// (announcementLanguage en_us, a TRUNK connection, externalCallerIdName,
// userLimit, defaultDomain). GET telephony/config/numbers lists, location by
// location, the main number (mainNumber true, no owner) and one PRIMARY,
// ACTIVE, PSTN_NUMBER entry per calling person, calling workspace and virtual
// line: phoneNumber (omitted when the entity has an extension only),
// extension, routingPrefix, esn (prefix + extension), owner (PEOPLE, PLACE,
// VIRTUAL_LINE). Filters: locationId (404 if unknown), phoneNumber,
// extension, ownerId, ownerName (substring, any case), ownerType,
// numberType (NUMBER: entries with a number; EXTENSION: extension-only
// entries), available (entries without owner), phoneNumberType and state
// (only PRIMARY and ACTIVE exist), tollFreeNumbers, serviceNumber,
// restrictedNonGeoNumbers (true: nothing), includedTelephonyTypes (only
// PSTN_NUMBER); order is ignored; enum and boolean values outside the
// document are 400. details=true adds count (assigned, unAssigned = main
// numbers, extensionOnly, total; the other counts 0) over the filtered set.
//
// Response shapes: every member of every 2xx answer is in the documents'
// schemas (shape_test.go), in both eras, except these documented exceptions:
// orgId in the calling-location list (the CLI's export takes each location's
// org from it; to drop once it no longer does); the members the outgoing
// document's examples show but its schemas omit: orgId, address and timeZone
// of GET locations, useCustomAccessCodes and accessCodes[].level of the
// per-entity access-code GETs, and accessCodes[].description of the access
// code GETs (the location schema requires it without declaring it). The
// virtual-line list has no displayName (not in the document).
//
// # Call routing
//
// POST telephony/config/actions/testCallRouting/invoke (Webex's "test call
// routing"; testdata/openapi/call-routing-and-orgs.openapi.yaml, tag Call
// Routing) answers how a call from a person would be routed and which
// outgoing calling permission decided it, computed from the emulator's own
// state (handlers_callrouting.go, callrouting.go, callrouting_plan.go). It is
// written independently of the CLI's engine (package callcheck, which it does
// not import); internal/agreement runs the same calls through both.
//
//   - Access: a POST, so a write for the role check (wxc_sdk's docstring asks
//     for spark-admin:telephony_config_write): full admins, partner admins with
//     orgId, and location admins for people of their own location (else 403);
//     read-only admins and users are 403. orgId works as elsewhere.
//   - Body: originatorId, originatorType and destination are required (400,
//     errorCode 25008, naming the member; null counts as missing).
//     originatorType TRUNK is 400 ("not supported by the emulator"), any other
//     value but PEOPLE is 400. originatorNumber is accepted and ignored. The
//     destination may carry spaces, '-', '.', '(' and ')'; what is left must be
//     an optional leading '+' and 1 to 30 of 0-9 * # (else 400). An originator
//     that is not a calling person of the target org (a workspace ID, say) is
//     404.
//   - Settings used, per category (what the GETs report): call types are the
//     person's own when useCustomEnabled and useCustomPermissions are both on,
//     else its location's; digit patterns, transfer numbers and access codes
//     are the person's own when their own switch (useCustomDigitPatterns,
//     useCustomTransferNumbers, useCustomAccessCodes) is on, else the
//     location's. Own patterns replace the location's: they are not merged.
//   - Order: emergency numbers first (never blocked; destinationType
//     EMERGENCY, no appliedServices); then digit patterns, then call types.
//     A pattern matches the destination as dialled (formatting removed), its
//     E.164 form, or its national trunk-prefixed form (1NXXNXXXXXX, 0…), so
//     "+1900!" and "1976XXXXXXX" both match a US number however it is dialled.
//     X is one digit, a trailing '!' one or more further digits. When several
//     patterns of the set match, the most specific wins: a pattern without
//     '!' before one with it, then more literal characters, then fewer X; a
//     tie goes to the pattern created first.
//   - Call types: an extension of the org (or routing prefix + extension) and
//     the org's own numbers are INTERNAL_CALL (destinationType HOSTED_AGENT,
//     with hostedAgent for people and workspaces); the rest is classified by
//     the originator's location country with the emulator's own tables
//     (callrouting_plan.go: US and CA (NANP: the US, Canada and Puerto Rico
//     are national, other NANP area codes international), DE, GB, FR, AU):
//     international prefix or another country code INTERNATIONAL; national
//     ranges TOLL_FREE, PREMIUM_SERVICES_I/II, SPECIAL_SERVICES_I/II,
//     CHARGEABLE_DIRECTORY_ASSISTED, OPERATOR_ASSISTED, else NATIONAL. Rows
//     whose split Webex does not document are marked "chosen" there. A
//     location in another country is 400. destinationType PSTN_NUMBER,
//     routingAddress the E.164 number. A short string that is no extension is
//     UNKNOWN_EXTENSION, other unplaceable digits UNKNOWN_NUMBER (both
//     rejected, no appliedServices); a few feature access codes (*67, *72,
//     *73, *78, *79, *86) are FAC, other * and # strings UNKNOWN_NUMBER.
//   - Answer: appliedServices (only with includeAppliedServices true) holds
//     one entry, outgoingCallingPlanPermissionsByDigitPattern when a pattern
//     decided, else outgoingCallingPlanPermissionsByType, with
//     configurationLevel LOCATION or PEOPLE, the permission, number (the
//     routing address), and for TRANSFER_NUMBER_n the transferNumber or, when
//     that number is unset, reason TRANSFER_NUMBER_n_NOT_CONFIGURED. isRejected
//     is true for BLOCK, for TRANSFER_NUMBER_n without a number and for
//     AUTH_CODE when no access code applies (nobody could enter one); ALLOW,
//     AUTH_CODE with codes and a configured transfer are not rejected.
//   - Not modelled: TRUNK originators, translation patterns, call intercept,
//     dial plans, route lists and groups, trunks (pstnNumber, routeList,
//     callSourceInfo, pbxUser, virtualExtension… are never sent), outside
//     dial digits, hosted features (auto attendants, hunt groups), workspaces
//     and virtual lines as originators, and the legacy LOCAL/TOLL call types
//     (era 2024 classifies as era current does).
//
// # Organizations
//
// GET organizations and GET organizations/{orgId}
// (testdata/openapi/call-routing-and-orgs.openapi.yaml) answer
// {"id","displayName","created"} per org, scoped by role:
//
//   - a partner administrator sees the customer orgs it manages, in seed
//     order (Demo: Acme Corp, Initech GmbH), and not its own partner org.
//     Decision: the document does not say whether Webex lists the caller's
//     own org; the emulator's partner org holds no calling entities, and a
//     list of exactly the customers is what a job over every org wants. A
//     client that also meets the partner's own org on real Webex handles it
//     like any other org (wxc --all-orgs would read it too);
//   - an administrator of a customer org (full, read-only, location) sees
//     that org only;
//   - a user gets 403 (the list is for administrators).
//
// The list is one page (the document declares no parameters, and Webex
// documents the list as not paginated). GET organizations/{orgId} answers an
// org the caller may not see, or an unknown one, with 404 (it does not tell
// which orgs exist); DELETE organizations/{orgId} is not served (405).
// Options.CustomerOrgs gives the generated directory (no Demo, no SeedFile)
// more customer orgs, "Emulator Customer 2" … "Emulator Customer N", each of
// the scale options' size (the benchmark of wxc export --all-orgs uses 20).
//
// Org-scoped faults: PUT /_emulator/org-faults {"<orgId>": 403} answers every
// API request whose target org (the orgId query parameter, else the caller's
// own org) is that org with that status (400..599; Webex error body, errorCode
// 2 for 403), before the route runs, until the map is replaced ({} clears it;
// POST /_emulator/reset does not). GET organizations, which is the caller's
// own request, is faulted only when the caller's own org is. Tests use it for a
// customer org that turns 403 in the middle of a job over all orgs.
//
// # Pagination
//
// Lists answer with the list key always present (items, locations,
// virtualLines), possibly empty, and a Link: <absolute URL>; rel="next"
// header while more items follow. The next URL repeats every query
// parameter, sets max, and sets the position: an opaque cursor for people
// (GET people has no start), start for the other lists. max must be a
// positive integer (else 400) and is clamped: people 1000, 100 with
// callingData=true, 50 with locationId (default 100, or the clamp if lower);
// locations default 500, at most 1000; workspaces and virtual lines default
// 100, at most 1000; numbers default and at most 2000 (start). Filters: people email (exact, any case), displayName
// (prefix, any case), locationId, id (comma separated, at most 85; unknown
// IDs listed in notFoundIds); locations name (substring); workspaces
// displayName (substring), calling (webexCalling or freeCalling).
//
// # Rate limits, latency and faults
//
// Options.RateLimit (requests/second) and RateBurst (bucket size: how many
// requests an idle token may send at once; 0 = one second of RateLimit) give
// each token its own token bucket (golang.org/x/time/rate). With RateScope
// "org" (`wxc emulator --rate-scope org`) all the tokens of one organization
// share a single bucket instead, as when several admins or processes of one
// org run against a per-org limit. An empty bucket is 429 with
// Retry-After in whole seconds (at least 1) and the JSON error body.
// Options.Latency plus a uniform random [0, Jitter) delays every API request.
// Options.FaultRate is the share of API requests answered with 500, 502 or
// 503 (GET/PUT /_emulator/faults can change the statuses) before any
// handler runs, so a faulted request changes nothing. Faults and jitter draw
// from random sources seeded with FaultSeed: the same seed and the same
// request order give the same faults. Options.Logger gets one Debug record
// per request (method, path, status, duration, tracking_id), an Info record
// per injected fault and an Error record per recovered panic. The order of checks is: token (401),
// rate limit (429), fault (5xx), latency, route. Admin endpoints are never
// limited, delayed or faulted.
//
// # State
//
// Every entity's settings are one JSON record keyed org/kind/id; writes are
// read-modify-write inside one store transaction, so concurrent writers on
// one entity never lose updates, digit-pattern IDs are unique and counts stay
// within limits. An entity that was never written has no record: its values
// come from the seed (or factory defaults), which is how 100,000 people cost
// no store space. Reset deletes all records.
//
// By default the store is in memory. With Options.StatePath it is a bbolt
// file (go.etcd.io/bbolt): pure Go (no cgo), a single file, ACID
// transactions with an fsync per commit, and group commit through db.Batch,
// which lets concurrent writers share one fsync. A write answered 2xx has
// been committed and fsync'd, so it survives kill -9. The file carries a
// schema version key.
//
// bbolt maps the file into memory and trusts it: a truncated file used to
// kill the process with SIGBUS (a fault recover cannot catch) and damaged
// pages trip bbolt's assertions on goroutines of its own. So New checks an
// existing file first, without bbolt and without mapping it (plain reads,
// bounds-checked): both meta pages (magic, version, checksum; one bad meta
// page is enough, as bbolt would silently fall back to the previous
// transaction), the file size against the high-water mark, every page bbolt
// would reach (page id and type, element bounds, key order within the
// parent's range, each page referenced once, nothing past the high-water mark
// or the end of the file), inline buckets, a stored freelist, the schema key,
// and that every record is JSON. A file that fails (corrupt, not an emulator
// state file, or another schema version) makes New fail with an error
// matching ErrStateFileUnusable that says what is wrong, and the file is left
// byte-identical; a file that passes is opened without being written to.
// CheckState runs the same check (`wxc emulator check-state FILE`);
// RepairState copies the records that are still readable to a new file,
// never in place (`--repair`). bbolt's data pages carry no checksum, so
// damage that leaves a page well-formed (a record changed into other valid
// JSON, an element count lowered) cannot be detected. Repair only follows
// the tree of the last transaction: it never scans for unreachable pages,
// which may hold old versions of records or records deleted since; a file
// cut short usually loses the tree's root (bbolt writes it near the end), and
// then there is nothing to copy. A file damaged while the emulator runs makes
// reads fail with 500 instead of crashing (writes are not protected).
//
// Only settings are stored: the directory (orgs, locations, people,
// workspaces, virtual lines and their IDs) is rebuilt from the Options at
// every start, deterministically, so reopen a file with the same seeding
// options.
//
// # Seeding
//
// Zero Options seed a partner org and one customer org (the primary org)
// with 3 locations (Dallas US, Frankfurt DE, London GB), 10 people, 4
// workspaces and 3 virtual lines, all with factory defaults. Options.Locations,
// People, Workspaces and VirtualLines change the primary org's counts
// (100,000 people seed in well under a second). Entities are spread over
// the locations round robin: entity i is in location i mod Locations.
//
// Number plan of generated orgs (zero Options, Demo, the scale options):
// location i has routing prefix 801+i and the numbers <cc><area>0000-9999 of
// its city, in its country; people take suffix i (the first 5,000), workspaces
// 5000+i (the first 3,000), virtual lines 8000+i (the first 1,900), the main
// number 99NN; entities past their block have an extension only. Extensions
// are 1, 7 or 8 (person, workspace, virtual line) followed by the index,
// at least three digits (1000, 1001, …, 1999, 11000, …), unique in the org;
// with the routing prefix (ESN) they are unique in the org too, so a call
// between two seeded numbers or extensions can be told internal.
//
// Options.Demo builds the demo: partner "Globex Partners" managing "Acme
// Corp" (primary: Dallas US, Frankfurt DE, London GB, New York US; 16
// people, 5 workspaces, 3 virtual lines) and "Initech GmbH" (Munich DE,
// Manchester GB). It has a realistic mix of settings: people with
// INTERNATIONAL ALLOW, a PREMIUM_SERVICES_I ALLOW, AUTH_CODE with access
// codes, custom transfer numbers, an ALLOW "+900!" premium digit pattern,
// location access codes and patterns (an ALLOW "+1900!" at Dallas), a custom
// workspace and virtual line, and people without Webex Calling (Nina Nocall
// and Mona Meetings at Acme, Otto Offline at Initech). The scale options
// apply to Acme.
//
// IDs are std base64 (padding stripped) of ciscospark://us/<TYPE>/<uuid>,
// TYPE one of PEOPLE, LOCATION, PLACES, VIRTUAL_LINE, ORGANIZATION (and
// DIGIT_PATTERN), with UUIDs derived from org name, kind and index: the
// same options give the same IDs.
//
// Options.SeedFile loads a fixture instead of the default or demo data (it
// takes precedence over Demo; the scale options do not apply to it). JSON if
// the name ends in .json or the text starts with '{', else YAML; unknown
// members are errors:
//
//	tokens:              # optional; default emu-* tokens
//	  fullAdmin: a
//	  readOnlyAdmin: b
//	  locationAdmin: c   # admin of the first location of the first org
//	  user: d            # the first person (with Webex Calling) of the first org
//	  partnerAdmin: e
//	partner: Partner Inc # optional partner org name; it manages every org below
//	orgs:                # the first org is the primary org
//	  - name: Acme       # required, unique
//	    domain: acme.example.com   # for generated e-mail addresses
//	    locations:
//	      - name: HQ     # required, unique in the org; referenced below
//	        timeZone: Europe/Berlin
//	        routingPrefix: "801"        # optional; default 801, 802, … by position
//	        mainNumber: "+4930555000"   # optional calling line ID number; default none ("")
//	        address: {address1: ..., city: Berlin, state: ..., postalCode: ..., country: DE}
//	        settings: {...}            # see below
//	    people:
//	      - {firstName: Ann, lastName: Lee, email: ann@acme.example.com, location: HQ,
//	         extension: "100", phoneNumber: "+4930555100", settings: {...}}
//	      - {firstName: Max, lastName: Mail, location: HQ, calling: false}  # no Webex Calling
//	    workspaces:
//	      - {displayName: Lobby, location: HQ, calling: true, extension: "7000", phoneNumber: ..., settings: {...}}
//	    virtualLines:
//	      - {firstName: Night, lastName: Line, location: HQ, extension: "8000", phoneNumber: ..., settings: {...}}
//
// settings (all optional): useCustomEnabled, useCustomPermissions,
// callingPermissions [{callType, action, transferEnabled}] (the 12 settable
// types), useCustomTransferNumbers, autoTransferNumbers [up to 3 strings],
// useCustomAccessCodes, accessCodes [{code, description}],
// useCustomDigitPatterns, digitPatterns [{name, pattern, action,
// transferEnabled}]. Values are validated like API requests. The primary org
// needs at least one location and one person with Webex Calling.
//
// # Open questions of the specification (§11), decided
//
//  1. Person transfer-number path: official path; legacy path 404 unless
//     Options.LegacyPersonTransferPath.
//  2. Dead alternates entry: nothing to serve; person main settings stay on
//     people/{id}/features/outgoingPermission.
//  3. Location access codes exist only as the location API; there is no
//     per-entity access-code path for locations.
//  4. Access-code maximum: Options.MaxAccessCodes (default 100); overflow is
//     400, not 502.
//  5. Location access codes are an array; a level on POST is ignored.
//  6. Scopes: not modelled; roles decide (see Authorization).
//  7. Transfer-number format: loosely validated (see above), returned as sent.
//  8. Location category control: accepted (204) and ignored.
//  9. null switches, also on locations: "not given" (so a required member
//     sent as null is missing: 400, see Required members).
//  10. Inherited location codes: never listed in per-entity GETs.
//  11. Effective values: the location's while the entity is not custom.
//     Custom-off: stored custom values are kept by default and cleared
//     with Options.CustomOff "clear". Keep is the default because the only
//     evidence for clearing is a comment in a 2022-era test that always
//     skips (SDK24 tests/test_workspaces.py), the OpenAPI describes the
//     switches as choosing whose values apply, not as deleting anything,
//     keeping loses nothing a client could not clear itself, and it is what
//     the emulator did before the option existed.
//  12. AUTH_CODE / TRANSFER_NUMBER_n prerequisites: not enforced.
//  13. Only 25024 is used for unsettable call types.
//  14. Call-type set and order: per era and kind (see API eras).
//  15. The SDK24 configure_unset_numbers bug sends
//     "useCustomTransferNumbers":"", which the emulator rejects with 400
//     (a string where a boolean belongs), so a port that copies it fails.
//
// # Not modelled
//
// Call routing beyond the outgoing calling plan (see Call routing), scopes and Control Hub
// restrictions of user access, trial-org restrictions, error 25321,
// hyphen-formatting of returned numbers, org-level access codes
// (telephony/config/outgoingPermission/accessCodes), creating or deleting
// people, locations, workspaces or virtual lines, ETags, 423/428 answers,
// and any endpoint outside this family.
package emulator
