using Peake.Cli;
using Peake.Cli.Dicom;
using Peake.Cli.Ops;

// `peake`: the operator's tool. Each area registers its commands here.
var commands = new CommandTable(
[
    new Command("dicom dump", "FILE...", "list the elements of DICOM files (like dcmdump)", DumpCommand.Run),
    new Command("dicom json", "FILE [--bulk-data-uri PREFIX]", "print the DICOM JSON model (PS3.18 F.2) of a file, as dcm2json does", JsonCommand.Run),
    new Command("dicom echo", "HOST PORT [--aet CALLING] [--aec CALLED] " + NetworkPeer.Usage + "", "check a DICOM peer with C-ECHO (like echoscu)", EchoCommand.Run),
    new Command("dicom find", "HOST PORT -k Keyword[=Value]... [--level L] [--model patient|study] [--aet CALLING] [--aec CALLED] " + NetworkPeer.Usage + "", "query a DICOM peer with C-FIND (like findscu)", FindCommand.Run),
    new Command("dicom get", "HOST PORT -k Keyword[=Value]... [--level L] [--model patient|study] [--dir D] [--sop-class UID]... [--aet CALLING] [--aec CALLED] " + NetworkPeer.Usage + "", "retrieve matches from a DICOM peer with C-GET into a folder (like getscu)", GetCommand.Run),
    new Command("dicom move", "HOST PORT --dest AE -k Keyword[=Value]... [--level L] [--model patient|study] [--aet CALLING] [--aec CALLED] " + NetworkPeer.Usage + "", "ask a DICOM peer to C-MOVE matches to another AE (like movescu)", MoveCommand.Run),
    new Command("dicom store", "HOST PORT FILE|DIR... [--aet CALLING] [--aec CALLED] " + NetworkPeer.Usage + "", "send files with C-STORE, directories recursively, each in its own transfer syntax (like storescu)", StoreCommand.Run),
    new Command("dicom commit", "HOST PORT FILE|DIR... [--aet CALLING] [--aec CALLED] [--listen PORT] " + NetworkPeer.Usage + "", "ask a DICOM peer for storage commitment of files, directories recursively (--timeout: how long to wait for each report; --listen: take reports the peer sends on its own association); exit 1 if any failed", CommitCommand.Run),
    new Command("dicom scp", "--port P --dir D [--aet AE] [--calling-ae AE,...|--accept-any-calling-ae] [--bind ADDRESS] [--move-destination AE=HOST:PORT]... [--no-fsync] [--tls --tls-cert PEM --tls-key PEM [--tls-ca PEM]... [--tls-crl CRL]... [--tls-require-client-cert]] [--connect-timeout S] [--timeout S]", "run a folder-backed SCP (C-ECHO, C-STORE, C-FIND, C-GET, C-MOVE, storage commitment) until SIGINT/SIGTERM; --port 0 picks a free port; --no-fsync (unsafe, benchmarks only) acknowledges stores before they are on disk and offers no storage commitment", ScpCommand.Run),
    new Command("dicom transcode", "IN OUT --ts UID|implicit|explicit|deflated", "rewrite a file in another uncompressed transfer syntax", TranscodeCommand.Run),
    .. OpsCommands.All,
]);

return commands.Run(args, Console.Out, Console.Error);
