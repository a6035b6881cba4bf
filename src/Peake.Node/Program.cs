using Peake.Node;

return await NodeHost.RunAsync(args);
