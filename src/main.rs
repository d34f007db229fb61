fn main() { println!("brief"); }
