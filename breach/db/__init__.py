"""The persistent model and the only SQL of the legal core besides each package's `store`: tables, column
types, bulk rows, repository functions and the schema upgrade."""
