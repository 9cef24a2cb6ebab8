// How the type of a workspace object reads in text: "data source" rather than data_source.

/** An object type in words ("page", "row", "template", "database", "data source"). */
export function typeName(type: string): string {
  return type.replace(/_/g, " ");
}
