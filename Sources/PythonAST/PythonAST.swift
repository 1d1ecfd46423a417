/// Placeholder until the expression tree lands.
public enum PythonAST {}
