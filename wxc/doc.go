// Package wxc is a client for the Webex Calling outgoing-permissions APIs: outgoing
// calling permissions, auto transfer numbers, access codes and digit patterns of people,
// workspaces, locations and virtual lines, plus the list endpoints used to find them.
//
// Create one Client per token and share it; it is safe for concurrent use:
//
//	c, err := wxc.NewClient(token, wxc.WithLogger(logger))
//	if err != nil {
//		return err
//	}
//	perms, err := c.OutgoingPermissions(wxc.Person).Read(ctx, personID)
//
// # Authentication
//
// NewClient takes an access token (an integration's, a bot's or a service app's) and sends
// it as "Authorization: Bearer <token>" on every request. The token only ever goes to the
// base URL's scheme and host: next-page links and redirects to anywhere else are refused.
// It never appears in errors or logs, even when a server echoes it: the client replaces it
// with "[REDACTED]" in every response header (tracking ID, Link, the headers
// WithResponseObserver sees), in the error body's message, details and tracking ID, and in
// the text of transport and decode errors (the data of a successful response is left as
// sent). The base URL defaults to https://webexapis.com/v1 (WithBaseURL); plain http is
// accepted only for loopback hosts unless WithInsecureHTTP is given. Partner administrators
// select a customer org with WithOrgID (every call) or the OrgID call option (one call,
// overriding WithOrgID; the list options' OrgID field does the same for a list).
// Every request carries a TrackingID header ("GOWXC_<uuid>"), which Webex support can look
// up.
//
// # Errors
//
// A non-2xx answer is an *APIError with the status code, the body's message, errorCode and
// errors[], the tracking ID, the method and the path (never the host, query or token).
// Every error of a request reads "METHOD /path: ...", for example
// "PUT /v1/people/P1/features/outgoingPermission: 403 Forbidden (errorCode 4003) [trackingId
// ...]": the path names the entity, and the services add no text of their own, so a caller
// that wraps the error with what it was doing says each thing once.
// Test for a status with errors.Is and the sentinels:
//
//	switch {
//	case errors.Is(err, wxc.ErrNotFound):
//		// absent
//	case errors.Is(err, wxc.ErrServerError): // any 5xx
//	}
//
// Bad arguments are a *ValidationError, returned before any I/O. ErrNotSupported marks an
// operation that an entity kind does not have (useCustomAccessCodes for a location; that
// error is a *ValidationError too). When the context ends, the error wraps
// ctx.Err(), so errors.Is(err, context.Canceled) works.
//
// # Retries and rate limits
//
// All retrying happens in one place. A request is retried on 429, and, for idempotent
// methods (GET, HEAD, PUT, DELETE), on the transient server errors 500, 502, 503 and 504
// and on temporary network errors. Webex answers a passing fault with a plain 500, so 500
// counts as transient; the other 5xx are not retried (501 and 505 say the request will
// never work). A POST (which creates access codes and digit patterns) is retried only on
// 429, never after a 5xx or a network error: the server may have acted before it failed,
// and a replay could create a duplicate. The wait is the Retry-After header (whole seconds
// or an HTTP date); without a usable one (Webex has sent "rand(30),add(30)") it is
// exponential backoff with full jitter. Attempts (default 5) and the total wait per call
// (default 2 minutes) are capped by RetryPolicy; after that the last *APIError is returned
// with RetryAfter set. Every wait watches the context. A request waiting to retry does not
// hold one of the WithMaxInFlight slots (default 10).
//
// Under a server rate limit the client acts as one. A 429 delays only its own request,
// by its Retry-After (or the backoff when there is none); the other requests go on,
// paced by an adaptive limiter that every request of the client passes:
//
//   - Until the first 429 (without WithRateLimit) a client starts with half its
//     WithMaxInFlight slots on the wire, at most 10, and adds one for every answer that
//     is neither a 429 nor a 5xx (the window doubles every round trip) until it has them
//     all. An unknown server bucket meets a part of the slots, not all of them, and when
//     a long Retry-After puts that first wave to sleep, the other requests go on.
//   - Without WithRateLimit the limiter is off until the first 429. That 429 engages it
//     at half the rate of successes of the last second (that count includes the server's
//     burst), at least 2/s, with its first slot one interval away (the first wave has
//     just emptied the server's bucket), in slow start: while it holds requests back and
//     no 429 comes, the rate grows by half every 400 ms of being limited (every 250 ms
//     when the first wave said nothing and the start is the 2/s floor; the time between
//     two answers counts up to 250 ms, or two intervals at a low rate), but never beyond
//     twice the rate actually sent (so requests asleep in their Retry-After cannot talk
//     it up). Requests sent after the first wave but before its 429 came back (a second
//     round that met the bucket the first wave emptied) measure the refill rate at once:
//     when at least 5 of them succeeded and 3 met a 429, their successes over the time
//     since the first 429's request are what the server refilled, and the rate goes to
//     95% of that if higher. Slow start goes on from there (the round may have been sent
//     over a while, so it can err low); when it ends with a 429 (the burst the server
//     saved meanwhile is gone), the rate goes back to 95% of that measurement, not under
//     half the rate that drew the 429.
//   - Every later 429 lowers the rate, at most once per "epoch" (a 429 of a request
//     admitted before the last decrease does not count again), and never raises it. The
//     estimate is what the server accepted of late: the rate sent times (1 - the share
//     of 429s among the answers since the limiter engaged, the last 20 or so requests).
//     When the 429s of the last few seconds came steadily (at least 3, at least 15% of
//     the answers, gaps of at most 500 ms) the server was saturated, and what it
//     accepted between the first of them and this one is its refill rate, which replaces
//     the estimate (but not under half of it: a span of a few answers can err far low).
//     The rate goes to 95% of that. An isolated 429 (at most one other 429, or at most
//     3% of them, among the answers of the last second or last 30 requests, whichever
//     is longer: with a small bucket, a request that met it a little early) cuts at most
//     3%.
//   - After that the rate probes upward by 1% per second while requests wait for it,
//     never more than 15% above the rate actually sent, doubling for every 3 seconds
//     without a decrease (another client of the same limit may have left). After a
//     decrease it stops at 98% of the rate that drew the 429 for 10 seconds, or four
//     times the longest Retry-After seen if that is longer (a 429 costs its request that
//     wait, and one near the end of a job delays the job by that much), so that the
//     probe does not draw the same 429 again soon. After an isolated 429 it stays at the
//     rate it cut to (the rate that drew the 429 may be a little over the server's: a
//     step back up would draw another) for 2 seconds, or four times the longest
//     Retry-After: jitter draws such 429s at any rate near the server's, and a long stop
//     under each would walk the rate down for good. Past the hold the
//     doubling starts over (time held under the stop says nothing of the room above).
//   - Requests are spaced evenly, 1/rate apart on a fixed schedule (the WithRateLimit
//     burst, else 1), so that a wake-up that came late (Go's timers wake a millisecond
//     or so late, a fifth of the interval at 200/s) does not lower the rate; with burst
//     1 never closer than 80% of the interval, so that late callers do not go out
//     together. The rate stays between 0.5/s and the
//     WithRateLimit rate; an adaptive limiter that climbs to 10,000/s switches itself off
//     again.
//
// Two clients (or processes) with one token against one limit each see their own 429s
// and settle on a share of it; neither holds the other off for good. The design was
// tuned with a fake-clock simulation of the client against token buckets of every shape
// (throttle_sim_test.go) and is measured in real time by internal/bench/throttle
// -matrix; docs/BENCHMARKS.md has the table, including the cells that miss a goal: a
// bucket of one request at 200/s, where a few hundred microseconds of arrival jitter is a
// 429 and no client reaches the goal on loopback (internal/bench/throttle -frontier runs
// one that knows the bucket and times each request to the microsecond).
//
// # Counters and observers
//
// (*Client).Stats returns what the client has done so far: calls, HTTP attempts (retries
// included), answers by status, 429s, network errors, and the time spent waiting at the
// limiter above and in backoff between attempts (summed over concurrent calls).
// WithAttemptObserver sees every attempt as it ends, retried ones included;
// WithResponseObserver sees only the final response of each call.
//
// # Pagination
//
// List methods return iterators (iter.Seq2[T, error]). They follow the RFC 8288 Link
// header (rel="next") exactly as the server sends it, stop when there is no next link, and
// stop with an error on a next link to another host or one that repeats an earlier page.
// Breaking out of the loop stops paging:
//
//	for p, err := range c.People.All(ctx, &wxc.PeopleListOptions{CallingData: true}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(p.DisplayName)
//	}
//
// Each page request is retried like any other GET. A page that still fails ends the loop
// with a *PageError (page number and cause). The iterator keeps its place: ranging over
// the same iterator again requests the failed page and continues from there, so no item
// is yielded twice. An unusable next link cannot be fixed by asking again; a new range
// yields the same error. After the last page or a break, a new range starts over. To give
// a list three chances:
//
//	people := c.People.All(ctx, nil)
//	for try := 1; ; try++ {
//		var err error
//		for p, perr := range people {
//			if err = perr; err != nil {
//				break
//			}
//			fmt.Println(p.DisplayName)
//		}
//		var pageErr *wxc.PageError
//		if err == nil || !errors.As(err, &pageErr) || try == 3 {
//			return err
//		}
//	}
//
// # Testing with the emulator
//
// The module ships a Webex Calling emulator. In tests, emulatortest.New(t) (package
// github.com/wxcgo/go-wxc/emulator/emulatortest) starts one in process and returns it with
// a ready *Client, so tests need neither the network nor a real token. Outside tests, run
// `wxc emulator` and point WithBaseURL at the URL it prints (plain http on loopback is
// allowed).
package wxc
