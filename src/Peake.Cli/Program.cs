using Peake.Cli;
using Peake.Cli.Dicom;

// `peake`: the operator's tool. Each area registers its commands here; later issues add the cluster operations.
var commands = new CommandTable(
[
    new Command("dicom dump", "FILE...", "list the elements of DICOM files (like dcmdump)", DumpCommand.Run),
]);

return commands.Run(args, Console.Out, Console.Error);
