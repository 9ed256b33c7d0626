// Package plan turns a desired-state file into a per-entity, per-field plan against the live
// settings (Compute, pure), renders it, and applies it with a backup and a resumable journal.
// The file format is documented in docs/DESIRED_STATE.md.
//
// Where things are:
//
//	desired.go        the desired-state file: Desired, Profile, the specs; Parse
//	validate.go       its checks (the rules of package wxc), one method per area
//	yaml.go           strict YAML decoding and line numbers for errors
//	plan.go           the plan: Plan, EntityPlan, Change, Op and the op kinds
//	target.go         Target, the merged desired state of one entity
//	compute.go        Compute: selection of entities, call-type checks
//	diff.go           Diff and the custom switches; one file per area:
//	diff_outgoing.go  diff_transfer.go  diff_codes.go  diff_patterns.go
//	restore.go        TargetFromSettings, ComputeRestore
//	render.go         text and JSON output
//	writer.go         Writer, SDKWriter: one SDK call per op
//	check.go          Check: is an op's effect already in place (resume, retries)
//	apply.go          Applier: runs a plan with retries and the journal
//	journal.go        the journal of a run (resumable)
//	settingsfile.go   backups and exports read back: WriteSettingsFile, ReadSettings
package plan
