namespace Peake.Management.Contracts;

/// <summary>
/// One person of the master person index as the patient routes answer it. <c>birthDate</c> is yyyy-MM-dd, <c>sex</c>
/// M, F or O; a tombstone (asked for with <c>?follow=false</c>) has <c>mergedInto</c> set and no identifiers or
/// demographics. <c>address</c>/<c>site</c>: the node hosting the record's shard, null when this node cannot tell.
/// </summary>
public sealed record PatientResponse(
    string MasterId,
    string HomeSite,
    IReadOnlyList<PatientIdentifierDto> Identifiers,
    string? Name,
    string? BirthDate,
    string? Sex,
    string? MergedInto,
    string? Address,
    string? Site);
