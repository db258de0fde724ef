package io.hako.cli.request;

/**
 * What one call of the command line asks for, fully parsed: one record per command, with paths already
 * made absolute against the caller's working directory and values already checked. Commands execute a
 * request; they never look at the raw arguments.
 */
public sealed interface Request
        permits CreateRequest, RunRequest, StartRequest, StateRequest, ListRequest, KillRequest, DeleteRequest,
                ExecRequest, PsRequest, PauseRequest, ResumeRequest, EventsRequest, UpdateRequest,
                CheckpointRequest, RestoreRequest, SpecRequest, FeaturesRequest, ValidateRequest, PlanRequest,
                DaemonRequest {
}
