//! Prints every concrete route of the app, one per line (used by `scripts/build.sh` to write a
//! copy of index.html per route for static hosts).

fn main() {
    for r in cnn_lab::catalog::routes() {
        println!("{r}");
    }
}
