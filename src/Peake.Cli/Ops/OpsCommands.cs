namespace Peake.Cli.Ops;

/// <summary>The cluster operations of `peake` (in place of Petabridge.Cmd), clients of the nodes' management HTTP.</summary>
internal static class OpsCommands
{
    private const string Common = OpsArguments.Usage;

    public static IReadOnlyList<Command> All { get; } =
    [
        new Command(ClusterShowCommand.Words, Common, "list the cluster's members (address, status, site, reachable, roles) as one node sees them; --json prints the node's whole /cluster/members document: {selfNode, leader, oldest, members: [{address, status, roles, site, reachable}], unreachable: [{address, observedBy}]}", ClusterShowCommand.Run),
        new Command("cluster leave", "ADDRESS " + Common, "ask a member (its Akka address or HOST:PORT) to leave the cluster gracefully (its shards move first)", MemberCommands.Leave),
        new Command("cluster down", "ADDRESS " + Common, "mark a member that is gone as down, so its shards move elsewhere", MemberCommands.Down),
        new Command("cluster down-unreachable", Common, "down every member the answering node sees unreachable (refused when that is half the members or more, unless --force); --json prints {node, downed: [address], failed: [{address, error}]}", MemberCommands.DownUnreachable),
        new Command(ShardsShowCommand.Words, "[TYPE] " + Common, $"list the shards of TYPE ({string.Join(", ", ShardsShowCommand.Types)}; all when none) with their home site, hosting site and node, and entity counts; --json prints an array of the nodes' /cluster/shards documents, one per type", ShardsShowCommand.Run),
        new Command("patient locate", "MASTER_ID|" + PatientCommands.IdentifierUsage + " " + Common, "show a person of the master person index and where it is hosted, by master id or by one of its identifiers", PatientCommands.Locate),
        new Command("patient link", PatientCommands.IdentifierUsage + " --to MASTER_ID " + Common, "move an identifier to the person MASTER_ID (they are the same person)", PatientCommands.Link),
        new Command("patient unlink", PatientCommands.IdentifierUsage + " " + Common, "detach an identifier from its person: it gets a person of its own", PatientCommands.Unlink),
        new Command("patient merge", "SURVIVOR MERGED " + Common, "merge person MERGED into SURVIVOR: SURVIVOR keeps every identifier, MERGED forwards to it", PatientCommands.Merge),
        new Command(SitesShowCommand.Words, Common, "list each site's live nodes with their DICOM endpoint (host:port, called AE title) and DICOMweb URL, and the site's hospital (calling) AE titles; --json prints [{site, nodes: [{address, dicom: {host, port, ae}, dicomweb}], hospitals: [AE]}]", SitesShowCommand.Run),
        new Command(StudyShowCommand.Words, "UID " + Common, "show a study's series and instances with size, hash and live copies (node, site); --json prints {studyInstanceUid, patientMasterId, homeSite, series: [{seriesInstanceUid, instances: [{sopInstanceUid, sopClassUid, transferSyntaxUid, hash, size, copies: [{node, site}], olderVersions}]}]}", StudyShowCommand.Run),
        new Command(ReplicasCheckCommand.Words, Common, "report instances with fewer than 3 live copies, more, corrupt copies and repairs in flight (exit 0 whenever the report was read); --json prints {instances, underReplicated, overReplicated, corrupt, repairsInFlight, orphans, catalogCaughtUp, lastSweepUtc}", ReplicasCheckCommand.Run),
        new Command(NodeDrainCommand.Words, "ADDRESS [--wait] [--wait-timeout S] " + Common, "move every copy off a node (copy elsewhere first, then delete there: never below 3 copies) before it is retired; --wait follows it until no copy is left", NodeDrainCommand.Run),
    ];
}
